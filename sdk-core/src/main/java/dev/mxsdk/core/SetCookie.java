package dev.mxsdk.core;

import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;

/**
 * One {@code Set-Cookie} header value parsed the way RFC 6265 section 5.2 says a user agent parses
 * it (attribute names case-insensitive, the last of a repeated attribute wins, unknown attributes
 * and unparseable values ignored, {@code Expires} read with the cookie-date algorithm of section
 * 5.1.1), and stricter where the SDK hands the cookie on: the name must be an RFC 6265 token and
 * the value cookie-octets (optionally in double quotes), so that re-emitting them in a
 * {@code Set-Cookie} string cannot inject attributes.
 *
 * <p>Security: {@link #toString()} and every message leave the value out. Immutable.
 */
final class SetCookie {
  /** Why a header is not a usable cookie; null from {@link #parse} means it is one. */
  static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    Rejected(String message) {
      super(message);
    }
  }

  final String name;
  final String value;
  /** The {@code Max-Age} in seconds, or null if absent or unparseable. */
  final @Nullable Long maxAgeSeconds;
  /** The {@code Expires} date in epoch milliseconds, or null if absent or unparseable. */
  final @Nullable Long expiresMillis;
  /** The {@code Domain} attribute, leading dot removed, lower case; null if absent or empty. */
  final @Nullable String domain;
  /** The {@code Path} attribute if it starts with {@code /}; null otherwise (the default path). */
  final @Nullable String path;
  final boolean secure;
  final boolean httpOnly;
  /** {@code Strict}, {@code Lax} or {@code None} as written canonically; null otherwise. */
  final @Nullable String sameSite;

  private SetCookie(String name, String value, @Nullable Long maxAgeSeconds,
      @Nullable Long expiresMillis, @Nullable String domain, @Nullable String path,
      boolean secure, boolean httpOnly, @Nullable String sameSite) {
    this.name = name;
    this.value = value;
    this.maxAgeSeconds = maxAgeSeconds;
    this.expiresMillis = expiresMillis;
    this.domain = domain;
    this.path = path;
    this.secure = secure;
    this.httpOnly = httpOnly;
    this.sameSite = sameSite;
  }

  /**
   * Parses one header value.
   *
   * @throws Rejected if RFC 6265 says to ignore it (no {@code =}, an empty name) or its name or
   *     value could not be handed on safely; the message never contains the value
   */
  static SetCookie parse(String header) throws Rejected {
    int semicolon = header.indexOf(';');
    String pair = semicolon >= 0 ? header.substring(0, semicolon) : header;
    int eq = pair.indexOf('=');
    if (eq < 0) throw new Rejected("a Set-Cookie without name=value");
    String name = trim(pair.substring(0, eq));
    String value = trim(pair.substring(eq + 1));
    if (name.isEmpty()) throw new Rejected("a Set-Cookie with an empty name");
    if (!isToken(name)) throw new Rejected("a Set-Cookie whose name is not an RFC 6265 token");
    if (!isCookieValue(value)) {
      throw new Rejected("cookie " + name + ": the value is empty or has characters that RFC 6265"
          + " does not allow in a cookie value");
    }
    Long maxAge = null;
    Long expires = null;
    String domain = null;
    String path = null;
    boolean secure = false;
    boolean httpOnly = false;
    String sameSite = null;
    String rest = semicolon >= 0 ? header.substring(semicolon + 1) : "";
    for (String attribute : rest.split(";", -1)) {
      int aeq = attribute.indexOf('=');
      String an = trim(aeq >= 0 ? attribute.substring(0, aeq) : attribute).toLowerCase(Locale.ROOT);
      String av = aeq >= 0 ? trim(attribute.substring(aeq + 1)) : "";
      if (an.equals("expires")) {
        Long parsed = parseCookieDate(av);
        if (parsed != null) expires = parsed;
      } else if (an.equals("max-age")) {
        Long parsed = parseMaxAge(av);
        if (parsed != null) maxAge = parsed;
      } else if (an.equals("domain")) {
        String d = av.startsWith(".") ? av.substring(1) : av;
        domain = d.isEmpty() ? null : d.toLowerCase(Locale.ROOT);
      } else if (an.equals("path")) {
        path = av.startsWith("/") ? av : null;
      } else if (an.equals("secure")) {
        secure = true;
      } else if (an.equals("httponly")) {
        httpOnly = true;
      } else if (an.equals("samesite")) {
        String s = av.toLowerCase(Locale.ROOT);
        sameSite = s.equals("strict") ? "Strict" : s.equals("lax") ? "Lax"
            : s.equals("none") ? "None" : null;
      }
      // Unknown attributes (Priority, Partitioned, ...) are ignored, as RFC 6265 says.
    }
    return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
  }

  /** RFC 6265 5.2.2: an optional {@code -}, then digits; anything else is ignored (null). */
  static @Nullable Long parseMaxAge(String s) {
    if (s.isEmpty()) return null;
    int start = s.charAt(0) == '-' ? 1 : 0;
    if (start == s.length()) return null;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return null;
    }
    if (s.length() - start > 15) return start == 1 ? Long.valueOf(-1) : Long.valueOf(Long.MAX_VALUE);
    return Long.parseLong(s);
  }

  /**
   * RFC 6265 5.1.1, the cookie-date algorithm browsers use: tokens between delimiters give the
   * time, day of month, month and year in any order; returns epoch milliseconds, or null if the
   * date is not one.
   */
  static @Nullable Long parseCookieDate(String s) {
    int hour = -1;
    int minute = -1;
    int second = -1;
    int day = -1;
    int month = -1;
    int year = -1;
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isDelimiter(s.charAt(i))) i++;
      int start = i;
      while (i < n && !isDelimiter(s.charAt(i))) i++;
      if (start == i) continue;
      String token = s.substring(start, i);
      int[] time;
      if (hour < 0 && (time = time(token)) != null) {
        hour = time[0];
        minute = time[1];
        second = time[2];
      } else if (day < 0 && leadingDigits(token, 1, 2) >= 0) {
        day = leadingDigits(token, 1, 2);
      } else if (month < 0 && month(token) >= 0) {
        month = month(token);
      } else if (year < 0 && leadingDigits(token, 2, 4) >= 0) {
        year = leadingDigits(token, 2, 4);
      }
    }
    if (hour < 0 || day < 0 || month < 0 || year < 0) return null;
    if (year >= 70 && year <= 99) year += 1900;
    if (year >= 0 && year <= 69) year += 2000;
    if (day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) return null;
    GregorianCalendar c = new GregorianCalendar(TimeZone.getTimeZone("GMT"), Locale.ROOT);
    c.setLenient(false);
    c.clear();
    c.set(year, month, day, hour, minute, second);
    try {
      return c.getTimeInMillis();
    } catch (IllegalArgumentException notADate) { // e.g. 30 February
      return null;
    }
  }

  /** {@code 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT ( non-digit *OCTET )} -> {h, m, s}, else null. */
  private static int @Nullable [] time(String token) {
    int[] parts = new int[3];
    int i = 0;
    for (int p = 0; p < 3; p++) {
      int start = i;
      int v = 0;
      while (i < token.length() && i - start < 2 && isAsciiDigit(token.charAt(i))) {
        v = v * 10 + (token.charAt(i) - '0');
        i++;
      }
      if (i == start) return null;
      parts[p] = v;
      if (p < 2) {
        if (i >= token.length() || token.charAt(i) != ':') return null;
        i++;
      }
    }
    if (i < token.length() && isAsciiDigit(token.charAt(i))) return null;
    return parts;
  }

  /** {@code min*maxDIGIT ( non-digit *OCTET )} -> the number, else -1. */
  private static int leadingDigits(String token, int min, int max) {
    int i = 0;
    int v = 0;
    while (i < token.length() && isAsciiDigit(token.charAt(i))) {
      if (i == max) return -1;
      v = v * 10 + (token.charAt(i) - '0');
      i++;
    }
    return i < min ? -1 : v;
  }

  private static int month(String token) {
    if (token.length() < 3) return -1;
    String m = token.substring(0, 3).toLowerCase(Locale.ROOT);
    String[] months = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
        "dec"};
    for (int k = 0; k < months.length; k++) {
      if (months[k].equals(m)) return k; // Calendar.JANUARY == 0
    }
    return -1;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** RFC 6265 5.1.1 delimiter: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E. */
  private static boolean isDelimiter(char c) {
    return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40)
        || (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
  }

  /** Removes leading and trailing spaces and tabs (RFC 6265's WSP). */
  private static String trim(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) start++;
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
    return s.substring(start, end);
  }

  /** RFC 7230 token characters: what RFC 6265 allows in a cookie name. */
  static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) return false;
    }
    return true;
  }

  /** A non-empty {@code *cookie-octet} or {@code DQUOTE *cookie-octet DQUOTE} (RFC 6265 4.1.1). */
  static boolean isCookieValue(String s) {
    String inner = s;
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      inner = s.substring(1, s.length() - 1);
    }
    if (inner.isEmpty()) return false;
    for (int i = 0; i < inner.length(); i++) {
      char c = inner.charAt(i);
      boolean ok = c == 0x21 || (c >= 0x23 && c <= 0x2b) || (c >= 0x2d && c <= 0x3a)
          || (c >= 0x3c && c <= 0x5b) || (c >= 0x5d && c <= 0x7e);
      if (!ok) return false;
    }
    return true;
  }

  @Override
  public String toString() {
    return "SetCookie{" + name + "=██}";
  }
}
