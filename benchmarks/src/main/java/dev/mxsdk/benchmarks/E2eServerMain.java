package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Random;

/**
 * The server side of the end-to-end harness, in its own JVM: the testkit's homeserver and
 * MSC4097 CDN in pre-encoded mode (each object encoded once, then served from a file), seeded with
 * one random object of the given size, plain and E2EE-encrypted. Prints one line {@code ready
 * <baseUrl> <token> <mxc> <encryptedFileJsonPath> <caPemPath|->}; then answers each line
 * {@code stats} on stdin with {@code stats <homeserverRequests> <cdnRequests>}, and exits when
 * stdin closes.
 */
public final class E2eServerMain {
  private E2eServerMain() {}

  /**
   * Fetches {@code uri} once through the keyed redirect, so that the CDN has encoded it before the
   * client's first run and the client's timings measure the client.
   */
  private static void prime(TestHomeserver server, MxcUri uri, boolean tls) throws Exception {
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER);
    if (tls) builder.sslContext(server.sslContext());
    java.net.http.HttpClient http = builder.build();
    java.net.http.HttpResponse<Void> redirect = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(server.baseUrl() + "/_matrix/client/v1/media/download/"
                + uri.serverName() + "/" + uri.mediaId()
                + "?org.matrix.msc4097.encryption=aes128gcm"))
            .header("Authorization", "Bearer " + server.accessToken()).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    String location = redirect.headers().firstValue("Location").orElseThrow(
        () -> new IllegalStateException("no redirect while priming: " + redirect.statusCode()));
    http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(location)).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    server.clearRecordedRequests();
  }

  public static void main(String[] args) throws Exception {
    long mib = Long.parseLong(args[0]);
    boolean tls = args.length > 1 && args[1].equals("--tls");
    File dir = Files.createTempDirectory("mxsdk-e2e").toFile();
    File content = new File(dir, "content.bin");
    try (OutputStream out = new FileOutputStream(content)) {
      Random random = new Random(2026);
      byte[] block = new byte[1 << 20];
      for (long i = 0; i < mib; i++) {
        random.nextBytes(block);
        out.write(block);
      }
    }
    try (TestHomeserver server = TestHomeserver.newBuilder().tls(tls).preEncoded(true).start()) {
      MxcUri plain = server.seed(content, "application/octet-stream");
      EncryptedFile encrypted = server.seedEncrypted(content);
      if (!content.delete()) content.deleteOnExit();
      File json = new File(dir, "file.json");
      Files.write(json.toPath(), encrypted.toJson().getBytes(StandardCharsets.UTF_8));
      prime(server, plain, tls);
      prime(server, encrypted.url(), tls);
      String pem = "-";
      if (tls) {
        File ca = new File(dir, "ca.pem");
        Files.write(ca.toPath(), ("-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(server.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        pem = ca.getPath();
      }
      System.out.println("ready " + server.baseUrl() + " " + server.accessToken() + " " + plain
          + " " + json.getPath() + " " + pem);
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("stats")) {
          int hs = 0;
          for (RecordedRequest r : server.homeserverRequests()) {
            if (!r.target().startsWith("/_matrix/client/versions")) hs++;
          }
          System.out.println("stats " + hs + " " + server.cdnRequests().size());
          System.out.flush();
        }
      }
    } finally {
      for (File f : dir.listFiles()) f.delete();
      dir.delete();
    }
  }
}
