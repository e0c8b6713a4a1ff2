package dev.mxsdk.media.server.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A syntactically valid HTTP/1.x request head: request line and header fields, nothing
 * interpreted yet. Header names are lower-cased (they are case-insensitive); values have their
 * surrounding whitespace removed and are decoded as ISO-8859-1. Immutable.
 */
public final class RequestHead {
  private final String method;
  private final String target;
  private final int minorVersion;
  private final List<String> names;
  private final List<String> values;

  RequestHead(String method, String target, int minorVersion, List<String> names,
      List<String> values) {
    this.method = method;
    this.target = target;
    this.minorVersion = minorVersion;
    this.names = Collections.unmodifiableList(new ArrayList<>(names));
    this.values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  public String method() {
    return method;
  }

  /** The request target exactly as sent: it holds a capability, so it is never logged. */
  public String target() {
    return target;
  }

  /** 0 for HTTP/1.0, 1 for HTTP/1.1 (and any later 1.x, which is handled as 1.1). */
  public int minorVersion() {
    return minorVersion;
  }

  public int headerCount() {
    return names.size();
  }

  public String name(int index) {
    return names.get(index);
  }

  public String value(int index) {
    return values.get(index);
  }

  /** Every value of the field {@code lowerCaseName}, in order; empty if absent. */
  public List<String> values(String lowerCaseName) {
    List<String> result = null;
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equals(lowerCaseName)) {
        if (result == null) result = new ArrayList<>(2);
        result.add(values.get(i));
      }
    }
    return result == null ? Collections.<String>emptyList() : result;
  }

  // The target holds the capability: it stays out of toString().
  @Override
  public String toString() {
    return "RequestHead{" + method + " HTTP/1." + minorVersion + ", " + names.size() + " headers}";
  }
}
