package dev.mxsdk.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one filter between text that may come from a server or the network and the terminal: every
 * line {@code mxmedia} prints about a download, an error or a stack trace goes through {@link
 * #clean(String)}.
 *
 * <p>A server controls error texts, reason phrases, status lines, file names and host names. Raw,
 * they could move the cursor, retitle the terminal, forge a success line (ESC and OSC sequences,
 * BEL, CR/LF, U+2028, U+0085), reorder what is shown (bidirectional overrides) or flood a log
 * (a 60,000-character {@code errcode}). {@code clean} keeps the text on one line: CR, LF and TAB
 * become spaces, every other unsafe character is shown as a visible {@code \}{@code uXXXX}
 * escape, and the result is cut at {@link #MAX_LENGTH} characters ending with {@code "..."}.
 *
 * <p>It also replaces the secrets this run knows (access tokens, the password, the E2EE key in
 * its base64, base64url and hex forms) with {@code [redacted]}: a server that echoes a credential
 * in an error must not get it into a terminal scroll-back or a CI log. A secret counts even when
 * the server interleaves unsafe characters into it.
 *
 * <p>One instance per run of the command line; thread-safe.
 */
final class Sanitizer {
  /** The longest text {@link #clean} returns, {@code "..."} included. */
  static final int MAX_LENGTH = 300;
  static final String REDACTED = "[redacted]";
  private static final String ELLIPSIS = "...";
  private static final Pattern JSON_K = Pattern.compile("\"k\"\\s*:\\s*\"([^\"\\\\]+)\"");

  /** Each secret in every form it is searched in; hex forms match in any letter case. */
  private final List<Secret> secrets = new ArrayList<>();

  private static final class Secret {
    final char[] chars;
    final boolean ignoreCase;

    Secret(char[] chars, boolean ignoreCase) {
      this.chars = chars;
      this.ignoreCase = ignoreCase;
    }
  }

  /** Adds {@code secret} (a token, a password) to what is redacted; null or empty adds nothing. */
  void addSecret(@Nullable String secret) {
    if (secret == null || secret.isEmpty()) return;
    add(secret.toCharArray(), false);
  }

  /** Adds a copy of {@code secret} to what is redacted; the caller may clear its array. */
  void addSecret(char @Nullable [] secret) {
    if (secret == null || secret.length == 0) return;
    add(secret.clone(), false);
  }

  /**
   * Adds {@code key} to what is redacted, in standard base64 and base64url (each padded and
   * unpadded) and in hex.
   */
  void addKey(byte @Nullable [] key) {
    if (key == null || key.length == 0) return;
    String standard = Base64.getEncoder().encodeToString(key);
    String url = Base64.getUrlEncoder().encodeToString(key);
    add(standard.toCharArray(), false);
    add(unpadded(standard).toCharArray(), false);
    add(url.toCharArray(), false);
    add(unpadded(url).toCharArray(), false);
    StringBuilder hex = new StringBuilder(key.length * 2);
    for (byte b : key) hex.append(String.format(Locale.ROOT, "%02x", b & 0xff));
    add(hex.toString().toCharArray(), true);
  }

  /**
   * Adds the key of an {@code EncryptedFile} JSON text, read from the text itself so that it is
   * redacted even when the JSON turns out to be malformed: the value of every {@code "k"} as
   * written, and, when it decodes as base64, the key in all the forms of {@link #addKey(byte[])}.
   */
  void addEncryptedFileKey(String json) {
    Matcher m = JSON_K.matcher(json);
    while (m.find()) {
      String written = m.group(1);
      addSecret(written);
      String normal = unpadded(written).replace('-', '+').replace('_', '/');
      try {
        addKey(Base64.getDecoder().decode(normal));
      } catch (IllegalArgumentException notBase64) {
        // Then only the form as written is known.
      }
    }
  }

  private synchronized void add(char[] form, boolean ignoreCase) {
    for (Secret s : secrets) {
      if (Arrays.equals(s.chars, form)) {
        Arrays.fill(form, '\0');
        return;
      }
    }
    secrets.add(new Secret(form, ignoreCase));
    // Longest first, so that a padded form wins over its unpadded prefix.
    Collections.sort(secrets, (a, b) -> b.chars.length - a.chars.length);
  }

  /** Forgets every secret, overwriting the copies held. */
  synchronized void clear() {
    for (Secret s : secrets) Arrays.fill(s.chars, '\0');
    secrets.clear();
  }

  /**
   * Returns {@code text} redacted, on one line, with unsafe characters escaped, trimmed and at most
   * {@link #MAX_LENGTH} characters long.
   */
  String clean(@Nullable String text) {
    if (text == null) return "null";
    boolean[] redacted = redactedChars(text);
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 16);
    // Where to cut if the whole text does not fit: after the last piece that leaves room for
    // the ellipsis. Pieces (an escape, the redaction mark, a surrogate pair) are never split.
    int keep = 0;
    for (int i = 0; i < text.length(); ) {
      int next;
      if (redacted[i]) {
        next = i;
        while (next < text.length() && redacted[next]) next++;
        out.append(REDACTED);
      } else {
        int cp = text.codePointAt(i);
        next = i + Character.charCount(cp);
        if (cp == '\r' || cp == '\n' || cp == '\t') {
          out.append(' ');
        } else if (isUnsafe(cp)) {
          out.append(escape(cp));
        } else {
          out.appendCodePoint(cp);
        }
      }
      if (out.length() <= MAX_LENGTH - ELLIPSIS.length()) keep = out.length();
      if (out.length() > MAX_LENGTH) {
        out.setLength(keep);
        return out.toString().trim() + ELLIPSIS;
      }
      i = next;
    }
    return out.toString().trim();
  }

  /** Describes {@code e} in one clean line: its message, or its type when it has none. */
  String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.trim().isEmpty()) return e.getClass().getSimpleName();
    return clean(message);
  }

  /**
   * Prints {@code e}'s stack trace, its causes and suppressed exceptions, one clean line each:
   * {@link Throwable#printStackTrace()} would print server text in messages as it came.
   */
  void printStackTrace(Throwable e, PrintWriter err) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    printTrace(e, "", "", err, seen);
  }

  private void printTrace(Throwable e, String caption, String indent, PrintWriter err,
      Set<Throwable> seen) {
    if (!seen.add(e)) {
      err.println(indent + caption + "[circular reference]");
      return;
    }
    String message = e.getMessage();
    err.println(indent + caption
        + clean(e.getClass().getName() + (message != null ? ": " + message : "")));
    for (StackTraceElement frame : e.getStackTrace()) {
      err.println(indent + "\tat " + clean(frame.toString()));
    }
    for (Throwable suppressed : e.getSuppressed()) {
      printTrace(suppressed, "Suppressed: ", indent + "\t", err, seen);
    }
    Throwable cause = e.getCause();
    if (cause != null) printTrace(cause, "Caused by: ", indent, err, seen);
  }

  /**
   * Whether {@code codePoint} must not reach a terminal as it is: C0 and C1 controls, DEL, the
   * line and paragraph separators, bidirectional marks, embeddings, overrides and isolates, and
   * unpaired surrogates.
   */
  static boolean isUnsafe(int codePoint) {
    return codePoint < 0x20
        || (codePoint >= 0x7f && codePoint < 0xa0)
        || codePoint == 0x061c
        || codePoint == 0x200e || codePoint == 0x200f
        || codePoint == 0x2028 || codePoint == 0x2029
        || (codePoint >= 0x202a && codePoint <= 0x202e)
        || (codePoint >= 0x2066 && codePoint <= 0x2069)
        || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
  }

  /** {@code name} with every unsafe character replaced by {@code _}, for names of files. */
  static String safeFileName(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (isUnsafe(cp)) {
        b.append('_');
      } else {
        b.appendCodePoint(cp);
      }
    }
    return b.toString();
  }

  private static String escape(int codePoint) {
    return String.format(Locale.ROOT, "\\u%04x", codePoint);
  }

  private static String unpadded(String base64) {
    int end = base64.length();
    while (end > 0 && base64.charAt(end - 1) == '=') end--;
    return base64.substring(0, end);
  }

  /**
   * Marks the characters of {@code text} that belong to a secret. Matching skips unsafe
   * characters, so a token split by an ESC or a zero-width override still counts as the token.
   */
  private boolean[] redactedChars(String text) {
    boolean[] redacted = new boolean[text.length()];
    List<Secret> forms;
    synchronized (this) {
      if (secrets.isEmpty()) return redacted;
      forms = new ArrayList<>(secrets);
    }
    // The visible characters and where each one sits in text.
    char[] visible = new char[text.length()];
    int[] at = new int[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int count = Character.charCount(cp);
      if (!isUnsafe(cp)) {
        for (int k = 0; k < count; k++) {
          visible[n] = text.charAt(i + k);
          at[n++] = i + k;
        }
      }
      i += count;
    }
    for (int start = 0; start < n; ) {
      int matched = 0;
      for (Secret s : forms) {
        if (matches(visible, n, start, s)) {
          matched = s.chars.length;
          break;
        }
      }
      if (matched == 0) {
        start++;
        continue;
      }
      int from = at[start];
      int to = at[start + matched - 1];
      for (int k = from; k <= to; k++) redacted[k] = true;
      start += matched;
    }
    return redacted;
  }

  private static boolean matches(char[] visible, int n, int start, Secret secret) {
    char[] s = secret.chars;
    if (s.length == 0 || start + s.length > n) return false;
    for (int k = 0; k < s.length; k++) {
      char a = visible[start + k];
      char b = s[k];
      if (a == b) continue;
      if (secret.ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b)) continue;
      return false;
    }
    return true;
  }
}
