/**
 * Step 8 of the flow: every way the bytes reach the caller ({@code Delivery}), verified atomic
 * files and private temporary files. <strong>Not API:</strong> anything here may change or
 * disappear in any release without notice.
 */
@NullMarked
package dev.mxsdk.media.internal.delivery;

import org.jspecify.annotations.NullMarked;
