/**
 * Implementation details of sdk-core. <strong>Not API:</strong> anything here may change or
 * disappear in any release without notice.
 */
@NullMarked
package dev.mxsdk.core.internal;

import org.jspecify.annotations.NullMarked;
