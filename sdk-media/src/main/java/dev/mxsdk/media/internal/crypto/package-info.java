/**
 * The crypto primitives under the public codecs: AES-CTR with Matrix's counter widths, RFC 8188's
 * one-block HKDF, strict base64. <strong>Not API.</strong>
 */
@NullMarked
package dev.mxsdk.media.internal.crypto;

import org.jspecify.annotations.NullMarked;
