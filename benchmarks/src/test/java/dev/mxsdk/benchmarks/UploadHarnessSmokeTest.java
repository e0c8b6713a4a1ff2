package dev.mxsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload harness's client uploads what it claims in both modes, one request per upload (two
 * with {@code /create}), and the server stored the ciphertext it describes. No timing here: speed
 * is measured by {@link UploadHarness}.
 */
final class UploadHarnessSmokeTest {
  @TempDir Path dir;

  @Test
  void theClientUploadsTheFileEncryptedInBothModes() throws Exception {
    File file = dir.resolve("content.bin").toFile();
    byte[] content = new byte[1 << 20];
    new Random(1).nextBytes(content);
    Files.write(file.toPath(), content);
    try (TestHomeserver server = TestHomeserver.newBuilder().cdn(false).start()) {
      for (String mode : new String[] {"post", "async"}) {
        server.clearRecordedRequests();
        String result = run(mode, server.baseUrl(), server.accessToken(), "-", file.getPath(), "2");
        assertTrue(result.startsWith("result " + mode + " 1048576 "), result);
        List<RecordedUpload> uploads = server.uploads();
        assertEquals(2, uploads.size());
        assertEquals(mode.equals("post") ? "POST" : "PUT", uploads.get(1).method());
        String sha = Base64.getEncoder().withoutPadding()
            .encodeToString(uploads.get(1).sha256());
        assertTrue(result.endsWith(" sha256=" + sha), result);
        long creates = server.homeserverRequests().stream()
            .filter(r -> r.path().equals("/_matrix/media/v1/create")).count();
        assertEquals(mode.equals("post") ? 0 : 2, creates);
      }
    }
    assertTrue(run("bound", Long.toString(1 << 20)).startsWith("bound="));
  }

  private static String run(String... args) throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      UploadClientMain.main(args);
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8).trim();
  }
}
