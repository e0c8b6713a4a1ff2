package dev.mxsdk.core;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A server answered with an error: the HTTP status and, when the body was a Matrix error, its
 * {@code errcode}, {@code error}, {@code retry_after_ms} (or the {@code Retry-After} header) and
 * {@code soft_logout}. A body that is not a Matrix error still yields this exception with the
 * status.
 *
 * <p>The message is {@code "HTTP <status> <errcode>: <error>"}; it never contains the access
 * token or the request URL. The server's {@code errcode} and {@code error} are kept as
 * {@link ServerText#sanitize sanitized} text (control and line-separator characters escaped,
 * {@code errcode} cut at 64 and {@code error} at 4096 characters, 200 of them in the message), with the secrets the request
 * carried {@linkplain #from(Response, long, List) redacted}, so a hostile server can neither forge
 * terminal output nor echo a token into logs.
 *
 * <pre>{@code
 * try {
 *   client.serverVersions();
 * } catch (MatrixApiException e) {
 *   if ("M_UNKNOWN_TOKEN".equals(e.errcode()) && e.softLogout()) refreshSession();
 * }
 * }</pre>
 */
public class MatrixApiException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final long MAX_BODY = 64 * 1024;
  /** Matrix errcodes are short identifiers; anything longer is cut. */
  static final int MAX_ERRCODE_CHARS = 64;
  /** What {@link #error()} keeps of the server's text: enough for any real message, bounded. */
  static final int MAX_ERROR_CHARS = 4096;
  /** What the exception message shows of it. */
  static final int MAX_MESSAGE_ERROR_CHARS = 200;

  /** The HTTP status code. */
  private final int status;
  /** The Matrix {@code errcode}, sanitized, or null. */
  private final @Nullable String errcode;
  /** The Matrix {@code error} text, sanitized and redacted, or null. */
  private final @Nullable String error;
  /** The delay the server asked for, or -1. */
  private final long retryAfterMillis;
  /** The {@code soft_logout} flag. */
  private final boolean softLogout;

  /**
   * Creates the exception; {@code retryAfterMillis} is -1 when the server gave no delay. The
   * {@code errcode} and {@code error} are sanitized (see the class comment).
   *
   * @param status the HTTP status code
   * @param errcode the Matrix {@code errcode}, or null if the body was not a Matrix error
   * @param error the Matrix {@code error} text, or null
   * @param retryAfterMillis the delay the server asked for before retrying, in milliseconds, or -1
   * @param softLogout the {@code soft_logout} flag of an {@code M_UNKNOWN_TOKEN} error
   */
  public MatrixApiException(int status, @Nullable String errcode, @Nullable String error,
      long retryAfterMillis, boolean softLogout) {
    this(status, clean(errcode, MAX_ERRCODE_CHARS, Collections.<String>emptyList()),
        clean(error, MAX_ERROR_CHARS, Collections.<String>emptyList()), retryAfterMillis,
        softLogout, Sanitized.YES);
  }

  /** Marks the constructor whose text arguments are already sanitized. */
  private enum Sanitized { YES }

  private MatrixApiException(int status, @Nullable String errcode, @Nullable String error,
      long retryAfterMillis, boolean softLogout, Sanitized sanitized) {
    super(message(status, errcode, error));
    this.status = status;
    this.errcode = errcode;
    this.error = error;
    this.retryAfterMillis = retryAfterMillis;
    this.softLogout = softLogout;
  }

  /**
   * Reads the error from {@code response}: at most 64 KiB of its body are read. Does not close
   * {@code response}. A {@code Retry-After} HTTP-date is taken relative to the system clock.
   *
   * @param response the error response; its body is read, not closed
   * @return the exception for the response's status and Matrix error
   */
  public static MatrixApiException from(Response response) {
    return from(response, System.currentTimeMillis());
  }

  /**
   * Reads the error from {@code response}, taking a {@code Retry-After} HTTP-date relative to
   * {@code nowMillis}. At most 64 KiB of the body are read, so a huge or endless body cannot
   * exhaust memory; a body that is empty, not JSON or not a Matrix error still yields an exception
   * with the status. {@code retry_after_ms} in the body wins over the header. Does not close
   * {@code response}.
   *
   * <pre>{@code
   * try (Response response = call.execute()) {
   *   if (!response.isSuccessful()) throw MatrixApiException.from(response, clock.nowMillis());
   * }
   * }</pre>
   *
   * @param response the error response; its body is read, not closed
   * @param nowMillis the current time, in milliseconds since the epoch
   * @return the exception for the response's status and Matrix error
   */
  public static MatrixApiException from(Response response, long nowMillis) {
    return from(response, nowMillis, Collections.<String>emptyList());
  }

  /**
   * As {@link #from(Response, long)}, with every string of {@code secrets} (the access token, a
   * key in each of its encodings, a password) replaced by {@link ServerText#REDACTED} wherever
   * the server's text quotes it.
   *
   * @param response the error response; its body is read, not closed
   * @param nowMillis the current time, in milliseconds since the epoch
   * @param secrets strings to redact from the server's text
   * @return the exception for the response's status and Matrix error, with {@code secrets} redacted
   */
  public static MatrixApiException from(Response response, long nowMillis, List<String> secrets) {
    if (response == null) throw new NullPointerException("response == null");
    if (secrets == null) throw new NullPointerException("secrets == null");
    String errcode = null;
    String error = null;
    long retryAfter = -1;
    boolean softLogout = false;
    ResponseBody body = response.body();
    if (body != null) {
      try {
        BufferedSource source = body.source();
        source.request(MAX_BODY);
        Buffer buffered = source.getBuffer();
        Buffer copy = new Buffer();
        buffered.copyTo(copy, 0, Math.min(buffered.size(), MAX_BODY));
        JsonReader reader = JsonReader.of(copy);
        if (reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
          reader.beginObject();
          while (reader.hasNext()) {
            String name = reader.nextName();
            JsonReader.Token token = reader.peek();
            if (name.equals("errcode") && token == JsonReader.Token.STRING) {
              errcode = reader.nextString();
            } else if (name.equals("error") && token == JsonReader.Token.STRING) {
              error = reader.nextString();
            } else if (name.equals("retry_after_ms") && token == JsonReader.Token.NUMBER) {
              retryAfter = Math.max(0, reader.nextLong());
            } else if (name.equals("soft_logout") && token == JsonReader.Token.BOOLEAN) {
              softLogout = reader.nextBoolean();
            } else {
              reader.skipValue();
            }
          }
        }
      } catch (IOException | JsonDataException e) {
        // Not a (complete) Matrix error body: what was read so far and the status describe it.
      }
    }
    if (retryAfter < 0) retryAfter = retryAfterHeader(response.header("Retry-After"), nowMillis);
    return new MatrixApiException(response.code(), clean(errcode, MAX_ERRCODE_CHARS, secrets),
        clean(error, MAX_ERROR_CHARS, secrets), retryAfter, softLogout, Sanitized.YES);
  }

  private static @Nullable String clean(@Nullable String text, int maxChars,
      List<String> secrets) {
    if (text == null) return null;
    // Redact before cutting, so a secret that straddles the cut cannot survive in part.
    return ServerText.sanitize(ServerText.redact(text, secrets), maxChars);
  }

  static long retryAfterHeader(@Nullable String value, long nowMillis) {
    if (value == null) return -1;
    String v = value.trim();
    if (v.isEmpty()) return -1;
    try {
      long seconds = Long.parseLong(v);
      if (seconds < 0) return -1;
      return seconds > Long.MAX_VALUE / 1000L ? Long.MAX_VALUE : seconds * 1000L;
    } catch (NumberFormatException e) {
      SimpleDateFormat format = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.US);
      format.setTimeZone(TimeZone.getTimeZone("GMT"));
      format.setLenient(false);
      try {
        Date date = format.parse(v);
        return Math.max(0, date.getTime() - nowMillis);
      } catch (ParseException notADate) {
        return -1;
      }
    }
  }

  private static String message(int status, @Nullable String errcode, @Nullable String error) {
    StringBuilder b = new StringBuilder("HTTP ").append(status);
    if (errcode != null) b.append(' ').append(errcode);
    if (error != null) b.append(": ").append(ServerText.sanitize(error, MAX_MESSAGE_ERROR_CHARS));
    return b.toString();
  }

  /** {@return the HTTP status code} */
  public int status() {
    return status;
  }

  /** {@return the Matrix {@code errcode}, or null if the body was not a Matrix error} */
  public @Nullable String errcode() {
    return errcode;
  }

  /** {@return the Matrix {@code error} text, or null} */
  public @Nullable String error() {
    return error;
  }

  /**
   * The delay the server asked for before retrying, in milliseconds, or -1: from
   * {@code retry_after_ms} in the body, else the {@code Retry-After} header (seconds, or an
   * HTTP-date taken relative to the clock given to {@link #from(Response, long)}; a date in the
   * past gives 0).
   *
   * @return the delay in milliseconds, 0 or more, or -1 if the server gave none
   */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** {@return the {@code soft_logout} flag of an {@code M_UNKNOWN_TOKEN} error} */
  public boolean softLogout() {
    return softLogout;
  }
}
