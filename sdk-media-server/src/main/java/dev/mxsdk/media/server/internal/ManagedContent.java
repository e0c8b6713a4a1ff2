package dev.mxsdk.media.server.internal;

import dev.mxsdk.media.server.MediaContent;
import java.io.IOException;

/**
 * Content that the server made for one link and so manages: it learns its metadata over the
 * network before the first response ({@link #prepare()}), and it holds resources (calls in
 * flight, a spool file) that end with the link ({@link #release()}). Content an app passes to
 * {@code url(MediaContent)} is the app's and is never released by the server.
 *
 * <p>Implementations are thread-safe.
 */
public abstract class ManagedContent extends MediaContent {
  /**
   * Makes {@link #length()} and {@link #contentType()} answer, learning them once (later calls
   * return at once). Called by every response before its headers; may block on the network, and
   * then fails promptly once {@link #release()} was called.
   *
   * @throws IOException if the metadata cannot be learned; the client is answered 502
   */
  public abstract void prepare() throws IOException;

  /**
   * The link ended (revoked, expired with no response in flight, or the server closed): cancels
   * whatever runs for it and deletes whatever it holds. Idempotent; later {@link #prepare()} and
   * {@link #open} calls fail.
   */
  public abstract void release();
}
