package dev.mxsdk.media.internal.flow;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.RetryPolicy;
import dev.mxsdk.core.UrlRules;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaReservation;
import dev.mxsdk.media.MediaReservationExpiredException;
import dev.mxsdk.media.MediaTooLargeException;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.EOFException;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs uploads and MSC2246 reservations, every request on the {@link HomeserverPath} (the access
 * token to the homeserver's origin only, one refresh on {@code 401 M_UNKNOWN_TOKEN} when the body
 * can be sent again, the deadline, cancellation) inside {@link HomeserverPath#retrying}. No
 * redirect is followed: a 3xx answer to an upload is an {@code UnexpectedRedirectException}.
 *
 * <p>One upload, in order: the reservation's {@code unused_expires_at} against the client's clock
 * ({@link MediaReservationExpiredException}, before a byte is sent and again before each retry);
 * the content's length against the server's {@code m.upload.size} ({@link UploadLimit}, cached;
 * {@link MediaTooLargeException} before a byte is sent); then {@code POST
 * /_matrix/media/v3/upload}, or {@code PUT /_matrix/media/v3/upload/{server}/{id}} for a
 * reservation, or, when {@code /create} handed out an MSC3870 {@code upload_url}, that URL on the
 * {@linkplain HomeserverPath#foreignClient foreign call path} (no {@code Authorization}, no
 * cookies, no app interceptors). The body is an {@link UploadBody}. Retries (429, 503, 504,
 * connection failures) run only for content that can be read again; a one-shot source gets one
 * attempt. {@code 413} or {@code M_TOO_LARGE} is a {@link MediaTooLargeException}; every other
 * error a redacted {@link MatrixApiException} (for reservations notably {@code 403 M_FORBIDDEN},
 * not the creator; {@code 409 M_CANNOT_OVERWRITE_MEDIA}; {@code 429 M_LIMIT_EXCEEDED}, too many
 * pending).
 *
 * <p>One per {@code MediaClient}; thread-safe.
 */
public final class UploadFlow {
  static final String OCTET_STREAM = "application/octet-stream";
  private static final MediaType JSON = MediaType.get("application/json");
  /** The most of a JSON answer read: an upload's or a reservation's is a few hundred bytes. */
  static final long MAX_JSON_BYTES = 64 * 1024;
  /** MSC3910's grammar for a content token. */
  private static final int MAX_CONTENT_TOKEN_CHARS = ContentTokens.MAX_CHARS;

  private final HomeserverPath path;
  private final Negotiation negotiation;
  private final UploadLimit limit;
  private final OkHttpClient foreignClient;
  private final ExecutorService executor;
  private final SecureRandom random = new SecureRandom();

  public UploadFlow(MatrixClient client, Negotiation negotiation, MediaConfigCall config) {
    this.path = client.homeserverPath();
    this.negotiation = negotiation;
    this.limit = new UploadLimit(config, path.clock(), client.versionsCacheMillis());
    this.foreignClient = path.foreignClient(null);
    this.executor = client.okHttpClient().dispatcher().executorService();
  }

  /** The executor of the app's dispatcher, for enqueued calls. */
  public ExecutorService executor() {
    return executor;
  }

  /**
   * Uploads {@code content} as {@code request} describes it.
   *
   * @throws MediaReservationExpiredException if the request's reservation has expired
   * @throws MediaTooLargeException if the content is larger than the server accepts
   * @throws dev.mxsdk.media.MediaIntegrityException if the content yielded other bytes than
   *     declared, or changed between attempts
   * @throws MatrixApiException if the server refused the upload
   * @throws IOException on network failure, unreadable content, or cancellation
   */
  public Upload execute(final UploadRequest request, final UploadContent content,
      final CallHandle handle) throws IOException {
    return execute(request, content, handle, null);
  }

  /**
   * As {@link #execute(UploadRequest, UploadContent, CallHandle)}, with {@code tee} receiving
   * what each attempt sends.
   */
  public Upload execute(final UploadRequest request, final UploadContent content,
      final CallHandle handle, @Nullable UploadTee tee) throws IOException {
    if (request.deadlineMillis() > 0 && handle.deadlineMillis() == Long.MAX_VALUE) {
      handle.deadlineMillis(path.clock().nowMillis() + request.deadlineMillis());
    }
    try {
      final MediaReservation reservation = request.reservation();
      checkNotExpired(reservation);
      content.prepare();
      long length = content.length();
      long max = limit.get(handle);
      if (max >= 0 && length > max) throw UploadBody.tooLarge(length, max);

      final boolean encrypted = request.isEncrypted();
      SecretBytes key = null;
      byte[] iv = null;
      if (encrypted) {
        byte[] keyBytes = new byte[AttachmentDecryptingSource.KEY_LENGTH];
        random.nextBytes(keyBytes);
        key = SecretBytes.wrap(keyBytes);
        iv = new byte[AttachmentDecryptingSource.IV_LENGTH];
        // v2: 8 random bytes, then the 64-bit block counter starting at zero, so it never wraps.
        byte[] high = new byte[8];
        random.nextBytes(high);
        System.arraycopy(high, 0, iv, 0, 8);
      }
      String typeName = encrypted || request.contentType() == null
          ? OCTET_STREAM : request.contentType();
      MediaType type = MediaType.get(typeName);
      final UploadBody body = new UploadBody(content, type, length, length < 0 ? max : -1, key,
          iv, handle, request.progressListener(), tee);
      // The spec's privacy rule for encrypted attachments: the server learns no name.
      final String fileName = encrypted ? null : request.fileName();
      final HttpUrl foreignUrl = reservation != null ? usableUploadUrl(reservation) : null;
      RetryPolicy policy = content.replayable() ? path.retryPolicy() : RetryPolicy.none();
      final long limitForErrors = max;
      final int[] attempts = new int[1];
      Stored stored = path.retrying(new HomeserverPath.Attempt<Stored>() {
        @Override
        public Stored run(int attempt) throws IOException {
          attempts[0] = attempt;
          if (reservation == null) {
            return post(body, fileName, request.isRestricted(), handle, limitForErrors);
          }
          checkNotExpired(reservation);
          String token = null;
          if (foreignUrl != null) {
            putForeign(foreignUrl, reservation.uploadMethod(), body, handle, limitForErrors);
          } else {
            token = put(reservation.mxcUri(), body, fileName, handle, limitForErrors);
          }
          return new Stored(reservation.mxcUri(), token);
        }
      }, policy, content.replayable(), handle);
      MxcUri uri = stored.uri;
      EncryptedFile file = null;
      if (key != null && iv != null) {
        byte[] sha = body.sentSha256();
        if (sha == null) throw new IllegalStateException("no complete attempt was hashed");
        byte[] keyBytes = key.bytes();
        try {
          file = new EncryptedFile.Builder()
              .url(uri).key(keyBytes).iv(iv).sha256(sha).version("v2").build();
        } finally {
          Arrays.fill(keyBytes, (byte) 0);
        }
      }
      return new Upload(uri, stored.contentToken, file, typeName, body.sent(), attempts[0]);
    } finally {
      content.release();
    }
  }

  /** Where an attempt stored the media: its URI, and the content token the server issued. */
  private static final class Stored {
    final MxcUri uri;
    final @Nullable String contentToken;

    Stored(MxcUri uri, @Nullable String contentToken) {
      this.uri = uri;
      this.contentToken = contentToken;
    }
  }

  /**
   * {@code POST /_matrix/media/v3/upload}, or MSC3911's restricted upload: the new media's URI and
   * content token.
   */
  private Stored post(UploadBody body, @Nullable String fileName, boolean restricted,
      CallHandle handle, long max) throws IOException {
    HttpUrl url = restricted ? negotiation.restrictedUpload(fileName)
        : negotiation.upload(fileName);
    String what = restricted ? "POST /org.matrix.msc3911/media/upload" : "POST /upload";
    Request request = path.newRequest(url).post(body).build();
    Response response = send(request, body, handle);
    try {
      checkSuccess(response, what, max);
      return readUploaded(path.successBody(response, what).source());
    } finally {
      response.close();
    }
  }

  /**
   * {@code PUT /_matrix/media/v3/upload/{serverName}/{mediaId}} into a reservation: the content
   * token of the answer, or null. The spec's answer is {@code {}}; MSC3910 predates MSC2246 and
   * says nothing of this endpoint, so a {@code content_token} in the answer is taken as the one
   * {@code POST /upload} would have given (mxsdk's reading; the testkit follows it).
   */
  private @Nullable String put(MxcUri mxc, UploadBody body, @Nullable String fileName,
      CallHandle handle, long max) throws IOException {
    Request request = path.newRequest(negotiation.upload(mxc, fileName)).put(body).build();
    Response response = send(request, body, handle);
    try {
      checkSuccess(response, "PUT /upload/{serverName}/{mediaId}", max);
      return readContentToken(
          path.successBody(response, "PUT /upload/{serverName}/{mediaId}").source());
    } finally {
      response.close();
    }
  }

  /**
   * The optional {@code content_token} of a reservation's upload answer; an answer that is not a
   * JSON object has none (the spec asks for nothing in it), a malformed token is an error.
   */
  static @Nullable String readContentToken(BufferedSource source) throws IOException {
    String contentToken = null;
    try {
      JsonReader reader = boundedJson(source, "the upload's answer");
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) return null;
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("content_token") && reader.peek() == JsonReader.Token.STRING) {
          contentToken = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
    } catch (JsonDataException | JsonEncodingException | EOFException e) {
      return null;
    }
    if (contentToken != null && !isContentToken(contentToken)) {
      throw new MediaProtocolException("the upload's content_token is not 1 to "
          + MAX_CONTENT_TOKEN_CHARS + " characters of A-Z a-z 0-9 - . _ ~ (MSC3910)");
    }
    return contentToken;
  }

  /**
   * MSC3911's {@code POST .../media/copy/{serverName}/{mediaId}} with the body {@code {}}: a new
   * mxc URI for the same content, to attach to a new event. Not idempotent (each call makes a
   * copy), so a network failure is not retried; an error the retry policy retries (429, 503, 504)
   * is, since a duplicate copy left unattached is only an orphan the server cleans up.
   *
   * @throws dev.mxsdk.media.MediaNotViewableException if the user may not see {@code source}
   * @throws MediaProtocolException if the answer has no usable {@code content_uri}
   */
  public MxcUri copy(final MxcUri source, final CallHandle handle) throws IOException {
    return path.retrying(new HomeserverPath.Attempt<MxcUri>() {
      @Override
      public MxcUri run(int attempt) throws IOException {
        Request request = path.newRequest(negotiation.copy(source))
            .post(RequestBody.create(new byte[] {'{', '}'}, JSON))
            .build();
        Response response;
        try {
          response = path.execute(request, true, handle);
        } catch (MatrixApiException e) {
          throw MediaAccessErrors.typed(e, false);
        }
        try {
          String what = "POST /org.matrix.msc3911/media/copy";
          int code = response.code();
          if (code >= 300 && code < 400) throw HomeserverPath.unexpectedRedirect(response, what);
          if (code < 200 || code >= 300) {
            boolean notAttached = MediaAccessErrors.markedNotAttached(response);
            throw MediaAccessErrors.typed(
                path.error(response, Collections.<String>emptyList()), notAttached);
          }
          return readCopied(path.successBody(response, what).source());
        } finally {
          response.close();
        }
      }
    }, false, handle);
  }

  /** Reads the required {@code content_uri} of a copy's answer. */
  static MxcUri readCopied(BufferedSource source) throws IOException {
    String contentUri = null;
    try {
      JsonReader reader = boundedJson(source, "the copy's answer");
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("content_uri") && reader.peek() == JsonReader.Token.STRING) {
          contentUri = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonDataException | JsonEncodingException | EOFException e) {
      throw new MediaProtocolException("the copy's answer is not valid JSON: " + e.getMessage(),
          e);
    }
    return mxc(contentUri, "the copy's answer");
  }

  /** The reservation's MSC3870 {@code upload_url}, on the foreign path without credentials. */
  private void putForeign(HttpUrl url, @Nullable String method, UploadBody body,
      CallHandle handle, long max) throws IOException {
    String verb = method != null ? method.toUpperCase(Locale.ROOT) : "PUT";
    Request request = path.withUserAgent(new Request.Builder().url(url)).method(verb, body).build();
    Response response;
    try {
      response = ForeignHop.execute(foreignClient, request, handle, path.clock());
    } catch (IOException e) {
      throw ownFailure(body, handle, e);
    }
    try {
      String what = verb + " upload_url (" + UrlRules.origin(url) + ")";
      int code = response.code();
      if (code >= 300 && code < 400) throw HomeserverPath.unexpectedRedirect(response, what);
      if (code < 200 || code >= 300) {
        List<String> secrets = new ArrayList<String>();
        secrets.add(url.toString());
        String query = url.encodedQuery();
        if (query != null) secrets.add(query);
        throw typed(path.error(response, secrets), max);
      }
    } finally {
      response.close();
    }
  }

  /** Sends {@code request}; a failure of the body itself is thrown as what it is. */
  private Response send(Request request, UploadBody body, CallHandle handle) throws IOException {
    try {
      return path.execute(request, true, handle);
    } catch (IOException e) {
      throw ownFailure(body, handle, e);
    }
  }

  private static IOException ownFailure(UploadBody body, CallHandle handle, IOException e) {
    IOException own = body.takeFailure();
    if (handle.isCanceled()) return CallHandle.canceledException();
    return own != null ? own : e;
  }

  /**
   * Throws for a non-2xx answer: a redirect as such, 413 as too large, the rest as it is. The
   * caller closes the response.
   */
  private void checkSuccess(Response response, String what, long max) throws IOException {
    int code = response.code();
    if (code >= 200 && code < 300) return;
    if (code >= 300 && code < 400) throw HomeserverPath.unexpectedRedirect(response, what);
    throw typed(path.error(response, Collections.<String>emptyList()), max);
  }

  private static IOException typed(MatrixApiException error, long max) {
    if (error.status() == 413 || "M_TOO_LARGE".equals(error.errcode())) {
      MediaTooLargeException tooLarge = new MediaTooLargeException(
          "the server refused the upload as too large (" + error.getMessage() + ")", max);
      tooLarge.initCause(error);
      return tooLarge;
    }
    return error;
  }

  /** Reads {@code content_uri} and the optional {@code content_token} of an upload's answer. */
  static Stored readUploaded(BufferedSource source) throws IOException {
    String contentUri = null;
    String contentToken = null;
    JsonReader reader = boundedJson(source, "the upload's answer");
    try {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("content_uri") && reader.peek() == JsonReader.Token.STRING) {
          contentUri = reader.nextString();
        } else if (name.equals("content_token") && reader.peek() == JsonReader.Token.STRING) {
          contentToken = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonDataException | JsonEncodingException | EOFException e) {
      throw new MediaProtocolException("the upload's answer is not valid JSON: " + e.getMessage(),
          e);
    }
    if (contentToken != null && !isContentToken(contentToken)) {
      throw new MediaProtocolException("the upload's content_token is not 1 to "
          + MAX_CONTENT_TOKEN_CHARS + " characters of A-Z a-z 0-9 - . _ ~ (MSC3910)");
    }
    return new Stored(mxc(contentUri, "the upload's answer"), contentToken);
  }

  /**
   * {@code POST /_matrix/media/v1/create}: a new media ID to upload into later, with its expiry
   * and an MSC3870 upload URL when the server offers one. Rate limits are retried; a network
   * failure is not (each request reserves an ID, and a lost answer would leave one unused).
   *
   * @throws MatrixApiException {@code 403 M_FORBIDDEN} if the user may not upload,
   *     {@code 429 M_LIMIT_EXCEEDED} once retries are spent (too many pending uploads)
   */
  public CreatedMedia create(final CallHandle handle) throws IOException {
    return path.retrying(new HomeserverPath.Attempt<CreatedMedia>() {
      @Override
      public CreatedMedia run(int attempt) throws IOException {
        Request request = path.newRequest(negotiation.create())
            .post(RequestBody.create(new byte[] {'{', '}'}, JSON))
            .build();
        Response response = path.execute(request, true, handle);
        try {
          return readCreated(path.successBody(response, "POST /create").source());
        } finally {
          response.close();
        }
      }
    }, false, handle);
  }

  static CreatedMedia readCreated(BufferedSource source) throws IOException {
    String contentUri = null;
    long expires = -1;
    String uploadUrl = null;
    String uploadMethod = null;
    JsonReader reader = boundedJson(source, "the /create answer");
    try {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        JsonReader.Token token = reader.peek();
        if (name.equals("content_uri") && token == JsonReader.Token.STRING) {
          contentUri = reader.nextString();
        } else if (name.equals("unused_expires_at") && token == JsonReader.Token.NUMBER) {
          expires = reader.nextLong();
        } else if (name.equals("upload_url") && token == JsonReader.Token.STRING) {
          uploadUrl = reader.nextString();
        } else if (name.equals("upload_method") && token == JsonReader.Token.STRING) {
          uploadMethod = reader.nextString();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonDataException | JsonEncodingException | EOFException e) {
      throw new MediaProtocolException("the /create answer is not valid JSON: " + e.getMessage(),
          e);
    }
    if (expires < -1) {
      throw new MediaProtocolException("the /create answer's unused_expires_at is negative");
    }
    HttpUrl url = null;
    if (uploadUrl != null) {
      url = HttpUrl.parse(uploadUrl);
      // An unusable URL (not http(s)) is dropped: the reservation's own PUT still works.
      if (url != null) uploadMethod = uploadMethod != null ? uploadMethod : "PUT";
    }
    return new CreatedMedia(mxc(contentUri, "the /create answer"), expires, url,
        url != null ? uploadMethod : null);
  }

  private static JsonReader boundedJson(BufferedSource source, String what) throws IOException {
    if (source.request(MAX_JSON_BYTES + 1)) {
      throw new MediaProtocolException(what + " is longer than " + MAX_JSON_BYTES + " bytes");
    }
    return JsonReader.of(source);
  }

  private static MxcUri mxc(@Nullable String contentUri, String what)
      throws MediaProtocolException {
    if (contentUri == null) throw new MediaProtocolException(what + " has no content_uri");
    try {
      return MxcUri.parse(contentUri);
    } catch (IllegalArgumentException e) {
      throw new MediaProtocolException(what + "'s content_uri is not an mxc URI: "
          + e.getMessage());
    }
  }

  static boolean isContentToken(String token) {
    return ContentTokens.isValid(token);
  }

  /**
   * The reservation's upload URL if it may be used: an allowed URL ({@link UrlRules}: https, or
   * http to loopback when the client allows it; no user info) and a method of {@code PUT} or
   * {@code POST}. Otherwise null, and the homeserver's own PUT is used, as MSC3870 permits.
   */
  private @Nullable HttpUrl usableUploadUrl(MediaReservation reservation) {
    HttpUrl url = reservation.uploadUrl();
    if (url == null) return null;
    String method = reservation.uploadMethod();
    String normalized = method != null ? method.toUpperCase(Locale.ROOT) : "PUT";
    if (!normalized.equals("PUT") && !normalized.equals("POST")) return null;
    if (UrlRules.problem(url, null, path.allowInsecureLoopback()) != null) return null;
    return url;
  }

  private void checkNotExpired(@Nullable MediaReservation reservation)
      throws MediaReservationExpiredException {
    if (reservation == null) return;
    long now = path.clock().nowMillis();
    if (reservation.isExpired(now)) {
      throw new MediaReservationExpiredException("the reservation of " + reservation.mxcUri()
          + " expired at " + reservation.unusedExpiresAtMillis() + " (now " + now
          + "); create a new one", reservation.mxcUri(), reservation.unusedExpiresAtMillis());
    }
  }
}
