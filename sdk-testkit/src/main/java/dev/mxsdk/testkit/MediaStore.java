package dev.mxsdk.testkit;

import dev.mxsdk.testkit.internal.TempFiles;
import dev.mxsdk.testkit.internal.Thumbnailer;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Media objects stored as files in a private temporary directory; shared by homeserver and CDN. */
final class MediaStore {
  private static final String ID_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** One stored object: the full file or one thumbnail of it. */
  static final class StoredObject {
    final File file;
    final long length;
    final byte[] sha256;
    final String contentType;
    final @Nullable String fileName;

    StoredObject(File file, long length, byte[] sha256, String contentType,
        @Nullable String fileName) {
      this.file = file;
      this.length = length;
      this.sha256 = sha256;
      this.contentType = contentType;
      this.fileName = fileName;
    }
  }

  /**
   * A media ID: created (maybe not yet uploaded) or uploaded. A created one is filled with {@link
   * #fill}, which wakes the downloads waiting in {@link #awaitUploaded}.
   */
  static final class Media {
    final String mediaId;
    final @Nullable String creatorToken;
    /** {@code unused_expires_at} of a reservation, or 0 for media stored at once. */
    final long unusedExpiresAt;
    volatile @Nullable StoredObject object;
    final Map<String, StoredObject> thumbnails = new HashMap<>();
    /** MSC3910's content token issued with the upload, or null (legacy media). Secret. */
    volatile @Nullable String contentToken;
    /** MSC3911: uploaded through the restricted endpoint (or copied). */
    volatile boolean restricted;
    /** MSC3911: attached to an event or a profile, so visible to whoever may see that. */
    volatile boolean attached;
    /** Guards {@link #uploading}: one upload into a reservation at a time, and only once. */
    private final Object uploadLock = new Object();
    private boolean uploading;

    Media(String mediaId, @Nullable String creatorToken, long unusedExpiresAt) {
      this.mediaId = mediaId;
      this.creatorToken = creatorToken;
      this.unusedExpiresAt = unusedExpiresAt;
    }

    /**
     * Claims the reservation for one upload: false if it has content or another upload into it
     * is running, so two concurrent PUTs cannot both fill it. Release with {@link #fill} or
     * {@link #abandon}.
     */
    boolean claim() {
      synchronized (uploadLock) {
        if (object != null || uploading) return false;
        uploading = true;
        return true;
      }
    }

    /** Ends a claimed upload with its content. */
    void fill(StoredObject stored) {
      synchronized (uploadLock) {
        object = stored;
        uploading = false;
      }
    }

    /** Ends a claimed upload that stored nothing (refused or cut off): the ID may be tried again. */
    void abandon() {
      synchronized (uploadLock) {
        uploading = false;
      }
    }

    /** Whether this is a reservation still waiting for its content. */
    boolean pending() {
      synchronized (uploadLock) {
        return object == null;
      }
    }
  }

  private final File dir;
  private final SecureRandom random;
  private final Map<String, Media> media = new ConcurrentHashMap<>();
  private final AtomicLong fileCounter = new AtomicLong();
  private final AtomicInteger awaitingUpload = new AtomicInteger();

  MediaStore(SecureRandom random) throws IOException {
    this.dir = TempFiles.createDirectory("mxsdk-testkit-media");
    this.random = random;
  }

  /** Reserves a new media ID. */
  Media create(@Nullable String creatorToken, long unusedExpiresAt) {
    while (true) {
      StringBuilder id = new StringBuilder(24);
      for (int i = 0; i < 24; i++) id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
      Media m = new Media(id.toString(), creatorToken, unusedExpiresAt);
      if (media.putIfAbsent(m.mediaId, m) == null) return m;
    }
  }

  /**
   * A fresh MSC3910 content token: 32 characters of base64url (192 random bits), inside the
   * grammar's {@code A-Z a-z 0-9 - . _ ~}.
   */
  String newContentToken() {
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    return okio.ByteString.of(raw).base64Url();
  }

  @Nullable Media get(String mediaId) {
    return media.get(mediaId);
  }

  /**
   * Ends the claimed upload of the created media {@code m} with {@code object} and wakes the
   * downloads waiting for it in {@link #awaitUploaded}.
   */
  void fill(Media m, StoredObject object) {
    m.fill(object);
    synchronized (m) {
      m.notifyAll();
    }
  }

  /**
   * Returns the upload of {@code m}, waiting up to {@code timeoutMillis} for {@link #fill} if it
   * has not arrived; null if it is still missing then, or if the wait was interrupted (the server
   * is stopping).
   */
  @Nullable StoredObject awaitUploaded(Media m, long timeoutMillis) {
    StoredObject object = m.object;
    if (object != null || timeoutMillis <= 0) return object;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    awaitingUpload.incrementAndGet();
    try {
      synchronized (m) {
        while ((object = m.object) == null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) return null;
          TimeUnit.NANOSECONDS.timedWait(m, left);
        }
        return object;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      awaitingUpload.decrementAndGet();
    }
  }

  /** How many requests are waiting in {@link #awaitUploaded} right now. */
  int awaitingUpload() {
    return awaitingUpload.get();
  }

  /** Forgets {@code m} (an expired reservation): later requests for it answer 404. */
  void remove(Media m) {
    media.remove(m.mediaId, m);
  }

  /**
   * The reservations {@code creatorToken} holds that are neither filled nor expired at
   * {@code nowMillis}, as the spec counts pending uploads.
   */
  int pendingReservations(String creatorToken, long nowMillis) {
    int n = 0;
    for (Media m : media.values()) {
      if (m.unusedExpiresAt > nowMillis && m.pending()
          && creatorToken.equals(m.creatorToken)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Copies {@code in} to a new file (never into memory, whatever its size), hashing it; fails with
   * a size error past {@code maxBytes}, and deletes the file on any failure.
   */
  StoredObject store(InputStream in, String contentType, @Nullable String fileName, long maxBytes)
      throws IOException {
    return store(in, contentType, fileName, maxBytes, new long[1]);
  }

  /** As {@link #store(InputStream, String, String, long)}; {@code received[0]} counts the bytes read. */
  StoredObject store(InputStream in, String contentType, @Nullable String fileName, long maxBytes,
      long[] received) throws IOException {
    File file = new File(dir, "object-" + fileCounter.incrementAndGet());
    MessageDigest digest = sha256();
    long length = 0;
    try (OutputStream out = new FileOutputStream(file)) {
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) != -1; ) {
        length += n;
        received[0] = length;
        if (length > maxBytes) throw new TooLargeException(maxBytes);
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      file.delete();
      throw e;
    }
    return new StoredObject(file, length, digest.digest(), contentType, fileName);
  }

  /**
   * Returns the object for {@code rendition} ({@code download} or a thumbnail), making thumbnails
   * on demand; a thumbnail that is the original (see {@link Thumbnailer}) shares its bytes.
   */
  @Nullable StoredObject rendition(Media m, String rendition, int width, int height, boolean crop,
      boolean animated) throws IOException {
    StoredObject object = m.object;
    if (object == null) return null;
    if (rendition.equals("download")) return object;
    synchronized (m.thumbnails) {
      StoredObject thumb = m.thumbnails.get(rendition);
      if (thumb != null) return thumb;
      if (!Thumbnailer.canThumbnail(object.contentType)) return null;
      File target = new File(dir, "thumb-" + fileCounter.incrementAndGet());
      try {
        Thumbnailer.Thumbnail made = Thumbnailer.thumbnail(object.file, object.contentType, width,
            height, crop, animated, target);
        if (made == null) return null;
        String name = "thumbnail." + extension(made.contentType);
        if (made.original) {
          thumb = new StoredObject(object.file, object.length, object.sha256, made.contentType, name);
        } else {
          try (InputStream in = new FileInputStream(target)) {
            thumb = store(in, made.contentType, name, Long.MAX_VALUE);
          }
        }
      } finally {
        target.delete();
      }
      m.thumbnails.put(rendition, thumb);
      return thumb;
    }
  }

  private static String extension(String imageType) {
    switch (imageType) {
      case "image/jpeg":
        return "jpg";
      case "image/gif":
        return "gif";
      default:
        return "png";
    }
  }

  /** Returns the stored thumbnail for {@code rendition} if one was made, for the CDN. */
  @Nullable StoredObject existing(Media m, String rendition) {
    if (rendition.equals("download")) return m.object;
    synchronized (m.thumbnails) {
      return m.thumbnails.get(rendition);
    }
  }

  /** Returns a fresh file name in the store's directory. */
  File newFile(String prefix) {
    return new File(dir, prefix + "-" + fileCounter.incrementAndGet());
  }

  void close() {
    TempFiles.deleteRecursively(dir);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** An upload above the configured limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(long max) {
      super("upload larger than m.upload.size (" + max + " bytes)");
    }
  }
}
