package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void demoRunsBothDownloadsAndBothUploadsThroughTheFullFlowAndExitsZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = MxMedia.run(new PrintStream(out, true), new PrintStream(err, true),
        "demo", "--dir", dir.toString());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed + err.toString(StandardCharsets.UTF_8));
    assertTrue(printed.contains("endpoint chosen:    v1"), printed);
    assertTrue(printed.contains("opt-in sent:        org.matrix.msc4097.encryption=aes128gcm"),
        printed);
    assertTrue(printed.contains("307 + key received: yes"), printed);
    assertTrue(printed.contains("the CDN saw no Authorization"), printed);
    assertTrue(printed.contains("SHA-256 of the ciphertext verified"), printed);
    assertTrue(printed.contains("3) upload, plain"), printed);
    assertTrue(printed.contains("sent:               POST image/png, file name sample.png"),
        printed);
    assertTrue(printed.contains("4) upload, end-to-end encrypted, into a reservation"), printed);
    assertTrue(printed.contains("sent:               PUT application/octet-stream, no file name"),
        printed);
    assertTrue(printed.contains("done: both downloads and both uploads are identical to the"
        + " original"), printed);
    assertTrue(!printed.contains("key=") && !printed.contains("Bearer"), printed);
    assertTrue(dir.resolve("sample.png").toFile().isFile());
    assertTrue(dir.resolve("sample-e2ee.png").toFile().isFile());
    assertTrue(dir.resolve("sample-uploaded-e2ee.png").toFile().isFile());
  }
}
