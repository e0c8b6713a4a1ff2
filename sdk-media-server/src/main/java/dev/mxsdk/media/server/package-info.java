/**
 * A loopback HTTP server that turns media into short-lived capability URLs for consumers that take
 * a URL and cannot send headers: {@code MediaPlayer}/ExoPlayer, {@code <video>} and {@code <img>}
 * in a WebView, image loaders. See {@link dev.mxsdk.media.server.MediaServer}.
 */
@NullMarked
package dev.mxsdk.media.server;

import org.jspecify.annotations.NullMarked;
