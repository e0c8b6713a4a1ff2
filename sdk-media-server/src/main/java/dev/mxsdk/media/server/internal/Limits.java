package dev.mxsdk.media.server.internal;

/** The size bounds of a request head. Immutable. */
public final class Limits {
  /** Longest request line, without its CRLF; longer is 414. */
  public final int maxRequestLineBytes;
  /** Longest head (request line, header lines, CRLFs); longer is 431. */
  public final int maxHeadBytes;
  /** Most header fields in one request; more is 431. */
  public final int maxHeaderCount;

  public Limits(int maxRequestLineBytes, int maxHeadBytes, int maxHeaderCount) {
    if (maxRequestLineBytes < 1) throw new IllegalArgumentException("maxRequestLineBytes < 1");
    if (maxHeadBytes < maxRequestLineBytes + 2) {
      throw new IllegalArgumentException("maxHeadBytes < maxRequestLineBytes + 2");
    }
    if (maxHeaderCount < 1) throw new IllegalArgumentException("maxHeaderCount < 1");
    this.maxRequestLineBytes = maxRequestLineBytes;
    this.maxHeadBytes = maxHeadBytes;
    this.maxHeaderCount = maxHeaderCount;
  }
}
