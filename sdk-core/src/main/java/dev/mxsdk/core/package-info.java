/**
 * Core plumbing for Matrix clients: {@link dev.mxsdk.core.MatrixClient}, server versions, typed
 * Matrix errors, retries and {@link dev.mxsdk.core.MxcUri}.
 */
@NullMarked
package dev.mxsdk.core;

import org.jspecify.annotations.NullMarked;
