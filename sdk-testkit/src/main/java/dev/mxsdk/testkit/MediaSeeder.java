package dev.mxsdk.testkit;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.Attachments;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.EncryptingSource;
import java.io.IOException;
import java.io.InputStream;
import okio.BufferedSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TestHomeserver}'s seeding methods do: media stored as if uploaded (with a content
 * token when MSC3910 is on), E2EE attachments encrypted as a sender would, and the MSC3911
 * attach step a room event stands for. Thread-safe, as the store is.
 */
final class MediaSeeder {
  private final MediaStore store;
  private final String serverName;
  private final boolean contentTokens;

  MediaSeeder(MediaStore store, String serverName, boolean contentTokens) {
    this.store = store;
    this.serverName = serverName;
    this.contentTokens = contentTokens;
  }

  MxcUri seed(InputStream in, String contentType, @Nullable String fileName) throws IOException {
    if (contentType == null) throw new NullPointerException("contentType == null");
    MediaStore.Media media = store.create(null, 0);
    if (contentTokens) media.contentToken = store.newContentToken();
    media.object = store.store(in, contentType, fileName, Long.MAX_VALUE);
    return MxcUri.of(serverName, media.mediaId);
  }

  /** Encrypts {@code plaintext} (v2, fresh key and IV) and seeds the ciphertext. */
  EncryptedFile seedEncrypted(InputStream plaintext) throws IOException {
    EncryptingSource ciphertext = Attachments.encrypt(Okio.source(plaintext));
    MxcUri uri;
    try (BufferedSource buffered = Okio.buffer(ciphertext)) {
      uri = seed(buffered.inputStream(), "application/octet-stream", null);
    }
    return ciphertext.encryptedFile().newBuilder().url(uri).build();
  }

  /** Marks restricted media attached; refuses what the proposal answers 400 M_INVALID_PARAM. */
  void attach(MxcUri mxc) {
    MediaStore.Media m = media(mxc);
    synchronized (m) {
      if (!m.restricted) throw new IllegalStateException(mxc + " is not restricted media");
      if (m.attached) throw new IllegalStateException(mxc + " is already attached");
      m.attached = true;
    }
  }

  /** Returns the media {@code mxc} names, which must be on this server. */
  MediaStore.Media media(MxcUri mxc) {
    if (mxc == null) throw new NullPointerException("mxc == null");
    MediaStore.Media m = mxc.serverName().equals(serverName) ? store.get(mxc.mediaId()) : null;
    if (m == null) throw new IllegalArgumentException("no media " + mxc + " on this server");
    return m;
  }
}
