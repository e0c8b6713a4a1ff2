/**
 * The streaming codecs of Matrix media, public so that servers, tools and other clients can use
 * exactly the bytes mxsdk reads: RFC 8188 {@code aes128gcm} decoding and encoding
 * ({@link dev.mxsdk.media.codec.Aes128GcmDecodingSource},
 * {@link dev.mxsdk.media.codec.Aes128GcmEncodingSource}, and
 * {@link dev.mxsdk.media.codec.Aes128GcmRecords} for records in any order), the MSC4097 profile's
 * wire names, key header and deterministic salt ({@link dev.mxsdk.media.codec.Msc4097},
 * {@link dev.mxsdk.media.codec.MediaEncryptionHeader}), and the Matrix attachment cipher
 * ({@link dev.mxsdk.media.codec.AttachmentDecryptingSource},
 * {@link dev.mxsdk.media.codec.AttachmentEncryptingSource}). Keys travel in
 * {@link dev.mxsdk.media.codec.SecretBytes}, which never prints them.
 *
 * <p>Every codec is an okio {@link okio.Source} layered over another, in constant memory, with all
 * crypto through the platform JCA provider. Failures are {@link java.io.IOException}s from
 * {@code dev.mxsdk.media} ({@code MediaIntegrityException} when bytes are not what was sealed,
 * {@code MediaProtocolException} when the format is broken) and are sticky.
 */
@NullMarked
package dev.mxsdk.media.codec;

import org.jspecify.annotations.NullMarked;
