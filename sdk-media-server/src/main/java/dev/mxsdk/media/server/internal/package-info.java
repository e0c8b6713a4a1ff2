/**
 * Implementation details of sdk-media-server: the strict HTTP/1.1 request reader, the responder,
 * Range parsing and the capability registry. <strong>Not API:</strong> anything here may change
 * or disappear in any release without notice.
 */
@NullMarked
package dev.mxsdk.media.server.internal;

import org.jspecify.annotations.NullMarked;
