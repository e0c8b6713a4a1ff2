package dev.mxsdk.testkit;

import dev.mxsdk.core.MxcUri;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One upload as a testkit homeserver received and judged it ({@code POST /_matrix/media/v3/upload}
 * or {@code PUT /_matrix/media/v3/upload/{server}/{id}}): what the client declared, what arrived,
 * and the outcome, in arrival order.
 *
 * <pre>{@code
 * RecordedUpload upload = server.uploads().get(0);
 * assertTrue(upload.stored());
 * assertEquals("application/octet-stream", upload.contentType());
 * assertNull(upload.fileName());            // an encrypted upload names no file
 * assertEquals(upload.declaredLength(), upload.receivedLength());
 * }</pre>
 *
 * <p>Recorded are uploads that reached the body check; requests refused before (no token, an
 * unknown or another user's reservation) are only in {@link TestHomeserver#homeserverRequests()}.
 * Immutable and thread-safe.
 */
public final class RecordedUpload {
  private final String method;
  private final @Nullable MxcUri mxcUri;
  private final @Nullable String contentType;
  private final @Nullable String fileName;
  private final long declaredLength;
  private final long receivedLength;
  private final byte @Nullable [] sha256;
  private final int status;

  RecordedUpload(String method, @Nullable MxcUri mxcUri, @Nullable String contentType,
      @Nullable String fileName, long declaredLength, long receivedLength,
      byte @Nullable [] sha256, int status) {
    this.method = method;
    this.mxcUri = mxcUri;
    this.contentType = contentType;
    this.fileName = fileName;
    this.declaredLength = declaredLength;
    this.receivedLength = receivedLength;
    this.sha256 = sha256 != null ? sha256.clone() : null;
    this.status = status;
  }

  /** {@return {@code POST} (a new media ID) or {@code PUT} (into a reservation)} */
  public String method() {
    return method;
  }

  /**
   * {@return the media the upload was stored as or meant for, or null for a refused {@code POST}}
   */
  public @Nullable MxcUri mxcUri() {
    return mxcUri;
  }

  /** {@return the {@code Content-Type} header as sent, or null if none was sent} */
  public @Nullable String contentType() {
    return contentType;
  }

  /** {@return the {@code filename} query parameter, or null if none was sent} */
  public @Nullable String fileName() {
    return fileName;
  }

  /** {@return the {@code Content-Length} the client declared, or -1 for a chunked body} */
  public long declaredLength() {
    return declaredLength;
  }

  /** {@return the body bytes that arrived before the upload was stored, refused or cut off} */
  public long receivedLength() {
    return receivedLength;
  }

  /** {@return a copy of the SHA-256 of the stored body, or null if nothing was stored} */
  public byte @Nullable [] sha256() {
    return sha256 != null ? sha256.clone() : null;
  }

  /** {@return whether the body was stored as the media's content (and answered 200)} */
  public boolean stored() {
    return sha256 != null;
  }

  /**
   * The status answered ({@code 200}, {@code 413}, {@code 404} for an expired reservation,
   * {@code 409} for one being filled or already filled), or -1 when the body broke off (shorter
   * than its {@code Content-Length}, or a connection closed mid-chunk) and nothing was answered.
   *
   * @return the HTTP status, or -1
   */
  public int status() {
    return status;
  }

  @Override
  public String toString() {
    return "RecordedUpload{" + method + (mxcUri != null ? " " + mxcUri : "")
        + ", " + (contentType != null ? contentType : "no type")
        + (fileName != null ? ", named" : ", no name")
        + ", declared " + declaredLength + ", received " + receivedLength
        + ", status " + status + (stored() ? ", stored" : "") + "}";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RecordedUpload)) return false;
    RecordedUpload that = (RecordedUpload) o;
    return method.equals(that.method)
        && (mxcUri == null ? that.mxcUri == null : mxcUri.equals(that.mxcUri))
        && (contentType == null ? that.contentType == null : contentType.equals(that.contentType))
        && (fileName == null ? that.fileName == null : fileName.equals(that.fileName))
        && declaredLength == that.declaredLength
        && receivedLength == that.receivedLength
        && Arrays.equals(sha256, that.sha256)
        && status == that.status;
  }

  @Override
  public int hashCode() {
    int h = method.hashCode();
    h = 31 * h + (mxcUri != null ? mxcUri.hashCode() : 0);
    h = 31 * h + (int) (declaredLength ^ (declaredLength >>> 32));
    h = 31 * h + (int) (receivedLength ^ (receivedLength >>> 32));
    return 31 * h + status;
  }
}
