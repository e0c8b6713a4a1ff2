/**
 * Matrix media: authenticated downloads that follow CDN redirects, decrypt the MSC4097 CDN layer
 * (RFC 8188 {@code aes128gcm}) and the end-to-end {@code EncryptedFile} layer.
 */
@NullMarked
package dev.mxsdk.media;

import org.jspecify.annotations.NullMarked;
