/**
 * Implementation details of sdk-media. <strong>Not API:</strong> anything here may change or
 * disappear in any release without notice.
 */
@NullMarked
package dev.mxsdk.media.internal;

import org.jspecify.annotations.NullMarked;
