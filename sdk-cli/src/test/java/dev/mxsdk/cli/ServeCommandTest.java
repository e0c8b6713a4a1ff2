package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ServeCommandTest {
  @TempDir File dir;

  @Test
  void servePrintsTheBaseUrlThenOneMxcLinePerFileAndServesThemUntilInterrupted() throws Exception {
    File hello = new File(dir, "hello.txt");
    Files.write(hello.toPath(), "hello from serve".getBytes(StandardCharsets.UTF_8));
    PipedInputStream pipe = new PipedInputStream(65536);
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, "UTF-8");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serving = new Thread(() -> exit.set(MxMedia.run(out, new PrintStream(err, true),
        "serve", "--token", "secret-token", hello.getPath())));
    serving.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
    String first = lines.readLine();
    assertTrue(first.matches("homeserver: http://127\\.0\\.0\\.1:\\d+"), first);
    String[] seeded = lines.readLine().split("\t");
    assertEquals(hello.getPath(), seeded[1]);
    assertTrue(seeded[0].startsWith("mxc://localhost/"), seeded[0]);
    assertTrue(lines.readLine().startsWith("cdn: http://127.0.0.1:"));

    String baseUrl = first.substring("homeserver: ".length());
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(baseUrl
            + "/_matrix/client/v1/media/download/" + seeded[0].substring("mxc://".length())))
        .header("Authorization", "Bearer secret-token").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, download.statusCode());
    assertArrayEquals(Files.readAllBytes(hello.toPath()), download.body());
    assertEquals("text/plain", download.headers().firstValue("Content-Type").orElse(null));

    serving.interrupt();
    serving.join(10_000);
    assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void generatedTokenIsPrintedAfterTheSeededFiles() throws Exception {
    PipedInputStream pipe = new PipedInputStream(65536);
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, "UTF-8");
    Thread serving = new Thread(() -> MxMedia.run(out, new PrintStream(new ByteArrayOutputStream()), "serve"));
    serving.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
    assertTrue(lines.readLine().startsWith("homeserver: "));
    assertTrue(lines.readLine().startsWith("cdn: "));
    String token = lines.readLine();
    assertTrue(token.matches("access token: \\S{20,}"), token);
    serving.interrupt();
    serving.join(10_000);
  }

  @Test
  void missingFileFailsWithOneLine() {
    CliRun run = CliRun.of("serve", new File(dir, "absent").getPath());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains("no such file"), run.err());
  }
}
