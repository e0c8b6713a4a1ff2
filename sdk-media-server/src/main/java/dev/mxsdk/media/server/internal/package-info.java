/**
 * Implementation details of sdk-media-server: the strict HTTP/1.1 request reader, the responder,
 * Range parsing, the capability registry, and the content of links to Matrix media (ranged
 * downloads through a {@code MediaClient}, the verified spool, the end-of-stream E2EE check). <strong>Not API:</strong> anything here may change
 * or disappear in any release without notice.
 */
@NullMarked
package dev.mxsdk.media.server.internal;

import org.jspecify.annotations.NullMarked;
