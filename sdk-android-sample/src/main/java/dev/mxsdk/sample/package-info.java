/**
 * The Android sample app: how a Matrix client loads plain and E2EE media with sdk-media.
 *
 * <p>{@link dev.mxsdk.sample.SampleApplication} holds the one {@code MatrixClient} (and its
 * {@code MediaClient}) of the process and the bitmap cache; {@link
 * dev.mxsdk.sample.MediaListActivity} shows a list of media, each row loaded off the main thread
 * by a {@code MediaLoader} with progress, an error state, sampled decoding and cancellation;
 * {@link dev.mxsdk.sample.UploadActivity} picks a file with the Storage Access Framework and
 * uploads it end-to-end encrypted ({@code DocumentUploader}) with progress and cancel. The
 * views are built in code from framework classes only (the Maven build has no resource compiler;
 * see the module's README section).
 */
@NullMarked
package dev.mxsdk.sample;

import org.jspecify.annotations.NullMarked;
