/**
 * Matrix media: authenticated downloads that follow CDN redirects, decrypt the MSC4097 CDN layer
 * (RFC 8188 {@code aes128gcm}) and the end-to-end {@code EncryptedFile} layer; streaming uploads,
 * plain, end-to-end encrypted on the way, or into an MSC2246 reservation.
 */
@NullMarked
package dev.mxsdk.media;

import org.jspecify.annotations.NullMarked;
