package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code downloadTo(File)} with {@link MediaOptions.Builder#resume(boolean)}: a failure keeps a
 * private partial beside the target, a later download continues it with a ranged request and the
 * result is verified as a whole; partials that do not fit are discarded, locked ones left alone.
 */
final class ResumeTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/big");
  private static final int RS = 1024;
  private static final String TOKEN_PATH = "/_msc4097/v1/sealed-token";

  private final Random random = new Random(0x4e5L);
  private FlowFixture f;
  private byte[] media;
  private byte[] cdnKey;
  private File target;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    media = new byte[300_000];
    random.nextBytes(media);
    cdnKey = new byte[16];
    random.nextBytes(cdnKey);
    target = dir.resolve("big.bin").toFile();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  /** Serves {@code representation} from the CDN; the first {@code drops} answers break midway. */
  private RangeServing cdnServes(byte[] representation, String encoding, int drops) {
    final RangeServing serving = new RangeServing(representation, encoding);
    final AtomicInteger left = new AtomicInteger(drops);
    f.cdn.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        MockResponse response = serving.dispatch(request);
        if (left.getAndDecrement() > 0) {
          response.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
        }
        return response;
      }
    });
    return serving;
  }

  private void redirects(int count, String keyHeader) {
    for (int i = 0; i < count; i++) {
      MockResponse redirect = f.redirectToCdn(TOKEN_PATH);
      if (keyHeader != null) redirect.setHeader(Msc4097.KEY_HEADER, keyHeader);
      f.enqueue(redirect);
    }
  }

  private MediaClient client() {
    return f.mediaClient(f.okHttpClient(), MediaOptions.builder().resume(true).build());
  }

  private long download(MediaClient client, MediaRequest request) throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      return response.downloadTo(target);
    }
  }

  private File partial() {
    return new File(dir.toFile(), ".big.bin.mxsdk-partial");
  }

  private File info() {
    return new File(dir.toFile(), ".big.bin.mxsdk-partial-info");
  }

  private byte[] canonical(byte[] object) throws IOException {
    return Okio.buffer(new Aes128GcmEncodingSource(new Buffer().write(object),
        SecretBytes.copyOf(cdnKey), salt(object), RS, new byte[0])).readByteArray();
  }

  private byte[] salt(byte[] object) {
    return Msc4097.salt(SecretBytes.copyOf(cdnKey), ByteString.of(object).sha256().toByteArray(),
        RS, Msc4097.DOWNLOAD_RENDITION);
  }

  @Test
  void aFailedDownloadKeepsAPrivatePartialThatALaterDownloadContinues() throws Exception {
    RangeServing cdn = cdnServes(media, null, 1);
    redirects(3, null);
    MediaClient client = client();
    assertThrows(IOException.class, () -> download(client, MediaRequest.download(MXC)));
    assertFalse(target.exists());
    long kept = partial().length();
    assertTrue(kept > 0 && kept < media.length, "kept " + kept);
    assertArrayEquals(Arrays.copyOf(media, (int) kept), Files.readAllBytes(partial().toPath()));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(partial().toPath())));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(info().toPath())));
    String recorded = new String(Files.readAllBytes(info().toPath()), StandardCharsets.UTF_8);
    assertEquals("mxsdk-partial 1\ncache-key " + MXC + "#download\nlength " + media.length
        + "\nsha256 -\n", recorded);

    assertEquals(media.length, download(client, MediaRequest.download(MXC)));
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    assertFalse(partial().exists());
    assertFalse(info().exists());
    List<String> ranges = cdn.ranges();
    assertEquals(Arrays.asList("-", "-", "bytes=" + kept + "-"), ranges);
  }

  @Test
  void anE2eePartialHoldsCiphertextAndTheResultIsVerifiedAsAWhole() throws Exception {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(media));
    byte[] ciphertext = Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    RangeServing cdn = cdnServes(canonical(ciphertext), "aes128gcm", 1);
    redirects(3, MediaEncryptionHeader.format(SecretBytes.copyOf(cdnKey), RS, salt(ciphertext)));
    MediaClient client = client();
    assertThrows(IOException.class, () -> download(client, MediaRequest.download(file)));
    long kept = partial().length();
    assertTrue(kept > 0 && kept < media.length, "kept " + kept);
    // Whole records only, and ciphertext, never plaintext.
    assertEquals(0, kept % (RS - 17));
    assertArrayEquals(Arrays.copyOf(ciphertext, (int) kept), Files.readAllBytes(partial().toPath()));
    String recorded = new String(Files.readAllBytes(info().toPath()), StandardCharsets.UTF_8);
    assertTrue(recorded.contains("sha256 " + ByteString.of(file.sha256()).hex()), recorded);
    assertFalse(recorded.contains(ByteString.of(file.key()).hex()), recorded);
    assertFalse(recorded.contains(ByteString.of(cdnKey).base64Url().replace("=", "")), recorded);

    assertEquals(media.length, download(client, MediaRequest.download(file)));
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    long record = kept / (RS - 17);
    assertEquals("bytes=" + (21 + record * RS) + "-", cdn.ranges().get(2));
  }

  @Test
  void aPartialOfAnotherLengthIsDiscardedAndTheWholeDownloadUsed() throws Exception {
    RangeServing cdn = cdnServes(media, null, 0);
    redirects(1, null);
    Files.write(partial().toPath(), new byte[1000]);
    Files.write(info().toPath(), ("mxsdk-partial 1\ncache-key " + MXC + "#download\nlength "
        + (media.length + 1) + "\nsha256 -\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(media.length, download(client(), MediaRequest.download(MXC)));
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    assertEquals(Arrays.asList("-"), cdn.ranges());
    assertFalse(partial().exists());
  }

  @Test
  void aPartialOfOtherMediaOrWithoutInfoIsNotContinued() throws Exception {
    RangeServing cdn = cdnServes(media, null, 0);
    redirects(2, null);
    Files.write(partial().toPath(), Arrays.copyOf(media, 1000));
    Files.write(info().toPath(), ("mxsdk-partial 1\ncache-key mxc://media.example/other#download"
        + "\nlength " + media.length + "\nsha256 -\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(media.length, download(client(), MediaRequest.download(MXC)));
    Files.write(partial().toPath(), Arrays.copyOf(media, 1000));
    Files.delete(target.toPath());
    assertEquals(media.length, download(client(), MediaRequest.download(MXC)));
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    assertEquals(Arrays.asList("-", "-"), cdn.ranges());
  }

  @Test
  void aPartialWhoseBytesFailTheFinalHashIsDiscardedAndTheDownloadRestartsOnce()
      throws Exception {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(media));
    byte[] ciphertext = Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    RangeServing cdn = cdnServes(ciphertext, null, 0);
    redirects(3, null);
    byte[] corrupt = Arrays.copyOf(ciphertext, 5000);
    corrupt[1234] ^= 1;
    Files.write(partial().toPath(), corrupt);
    Files.write(info().toPath(), ("mxsdk-partial 1\ncache-key " + MXC + "#download\nlength "
        + ciphertext.length + "\nsha256 " + ByteString.of(file.sha256()).hex() + "\n")
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(media.length, download(client(), MediaRequest.download(file)));
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    assertEquals(Arrays.asList("-", "bytes=5000-", "bytes=0-"), cdn.ranges());
    assertFalse(partial().exists());
  }

  @Test
  void aHashThatFailsWithoutOldBytesIsAnIntegrityErrorAndLeavesNothing() throws Exception {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(media));
    byte[] ciphertext = Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    ciphertext[100] ^= 1;
    cdnServes(ciphertext, null, 0);
    redirects(1, null);
    assertThrows(MediaIntegrityException.class,
        () -> download(client(), MediaRequest.download(file)));
    assertFalse(target.exists());
    assertFalse(partial().exists());
    assertFalse(info().exists());
  }

  @Test
  void aPartialThatAnotherDownloadHoldsIsLeftAlone() throws Exception {
    cdnServes(media, null, 0);
    redirects(1, null);
    byte[] theirs = Arrays.copyOf(media, 777);
    Files.write(partial().toPath(), theirs);
    try (RandomAccessFile other = new RandomAccessFile(partial(), "rw");
        FileLock lock = other.getChannel().lock()) {
      assertEquals(media.length, download(client(), MediaRequest.download(MXC)));
    }
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    assertArrayEquals(theirs, Files.readAllBytes(partial().toPath()));
  }

  @Test
  void withoutResumeAFailedDownloadLeavesNoPartial() throws Exception {
    cdnServes(media, null, 1);
    redirects(1, null);
    assertThrows(IOException.class, () -> download(f.mediaClient(), MediaRequest.download(MXC)));
    String[] left = dir.toFile().list();
    assertEquals(0, left.length, Arrays.toString(left));
  }

  @Test
  void aCompletePartialIsOnlyCheckedAndMoved() throws Exception {
    RangeServing cdn = cdnServes(media, null, 0);
    redirects(1, null);
    Files.write(partial().toPath(), media);
    Files.write(info().toPath(), ("mxsdk-partial 1\ncache-key " + MXC + "#download\nlength "
        + media.length + "\nsha256 -\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(media.length, download(client(), MediaRequest.download(MXC)));
    assertArrayEquals(media, Files.readAllBytes(target.toPath()));
    assertEquals(1, cdn.ranges().size());
  }
}
