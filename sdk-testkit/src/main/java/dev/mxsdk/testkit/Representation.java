package dev.mxsdk.testkit;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes the CDN sends for one token, with a known length, writable whole or one slice at a
 * time (for {@code Range}): the stored bytes, or their canonical RFC 8188 encoding.
 */
interface Representation {
  long length();

  /** Writes bytes {@code from} to {@code toInclusive} of the representation to {@code out}. */
  void write(OutputStream out, long from, long toInclusive) throws IOException;
}
