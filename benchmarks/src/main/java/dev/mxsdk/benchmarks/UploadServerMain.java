package dev.mxsdk.benchmarks;

import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

/**
 * The server side of the upload harness, in its own JVM (run with a small heap: the testkit
 * stores uploads in files as they arrive): the testkit's homeserver with an upload limit above the
 * benchmark's size. Prints {@code ready <baseUrl> <token> <caPemPath|->}; then answers each line
 * {@code stats} on stdin with {@code stats <uploadRequests> <createRequests> <configRequests>
 * <otherRequests> <storedUploads> <sha256OfLastStored|->}, and exits when stdin closes.
 */
public final class UploadServerMain {
  private UploadServerMain() {}

  public static void main(String[] args) throws Exception {
    boolean tls = args.length > 0 && args[0].equals("--tls");
    File dir = Files.createTempDirectory("mxsdk-upload-bench").toFile();
    try (TestHomeserver server = TestHomeserver.newBuilder().tls(tls).cdn(false)
        .maxUploadSize(64L * 1024 * 1024 * 1024).start()) {
      String pem = "-";
      if (tls) {
        File ca = new File(dir, "ca.pem");
        Files.write(ca.toPath(), ("-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(server.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        pem = ca.getPath();
      }
      System.out.println("ready " + server.baseUrl() + " " + server.accessToken() + " " + pem);
      System.out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.equals("stats")) continue;
        int uploads = 0;
        int creates = 0;
        int configs = 0;
        int other = 0;
        for (RecordedRequest r : server.homeserverRequests()) {
          String path = r.path();
          if (path.startsWith("/_matrix/media/v3/upload")) {
            uploads++;
          } else if (path.equals("/_matrix/media/v1/create")) {
            creates++;
          } else if (path.endsWith("/config")) {
            configs++;
          } else if (!path.equals("/_matrix/client/versions")) {
            other++;
          }
        }
        int stored = 0;
        String sha = "-";
        List<RecordedUpload> recorded = server.uploads();
        for (RecordedUpload u : recorded) {
          if (!u.stored()) continue;
          stored++;
          sha = Base64.getEncoder().withoutPadding().encodeToString(u.sha256());
        }
        System.out.println("stats " + uploads + " " + creates + " " + configs + " " + other + " "
            + stored + " " + sha);
        System.out.flush();
      }
    } finally {
      File[] files = dir.listFiles();
      if (files != null) for (File f : files) f.delete();
      dir.delete();
    }
  }
}
