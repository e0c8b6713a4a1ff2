package dev.mxsdk.media.server.internal;

/**
 * A request the server refuses with a plain status code. It carries no message: a refusal has no
 * detail, neither on the wire nor in a log, so nothing a client sent can be echoed anywhere.
 */
public final class HttpRefusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  public HttpRefusal(int status) {
    this.status = status;
  }

  // A refusal is control flow, not a bug: no stack trace to fill (and so none to leak).
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  /** The HTTP status code of the refusal. */
  public int status() {
    return status;
  }

  @Override
  public String toString() {
    return "HttpRefusal{" + status + "}";
  }
}
