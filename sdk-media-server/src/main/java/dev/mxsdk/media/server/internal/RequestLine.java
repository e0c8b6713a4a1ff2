package dev.mxsdk.media.server.internal;

/** A parsed request line. */
final class RequestLine {
  final String method;
  final String target;
  final int minorVersion;

  RequestLine(String method, String target, int minorVersion) {
    this.method = method;
    this.target = target;
    this.minorVersion = minorVersion;
  }
}
