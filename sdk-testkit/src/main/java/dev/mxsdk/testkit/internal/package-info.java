/**
 * Internals of the testkit: token sealing, certificates, thumbnails, header formatting. Not API:
 * anything here may change without notice.
 */
@NullMarked
package dev.mxsdk.testkit.internal;

import org.jspecify.annotations.NullMarked;
