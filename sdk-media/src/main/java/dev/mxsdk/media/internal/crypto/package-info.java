/**
 * Streaming crypto layers of sdk-media (E2EE attachments, RFC 8188). <strong>Not API.</strong>
 */
@NullMarked
package dev.mxsdk.media.internal.crypto;

import org.jspecify.annotations.NullMarked;
