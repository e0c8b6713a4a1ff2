package dev.mxsdk.testkit;

import dev.mxsdk.core.MxcUri;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;

/**
 * Run by {@link SmallHeapServeTest} in a JVM with a small heap: seeds a large file, downloads its
 * keyed CDN encoding twice and a tail range, and prints the sizes. Exit 0 when all agree.
 */
public final class LargeObjectMain {
  private LargeObjectMain() {}

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[0]);
    File file = File.createTempFile("mxsdk-large", ".bin");
    file.deleteOnExit();
    byte[] chunk = new byte[65536];
    new Random(7).nextBytes(chunk);
    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file))) {
      for (long written = 0; written < size; written += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
      }
    }
    try (TestHomeserver server = TestHomeserver.newBuilder().start()) {
      MxcUri uri = server.seed(file, "video/mp4");
      HttpURLConnection redirect = (HttpURLConnection) new URL(server.baseUrl()
          + "/_matrix/client/v1/media/download/localhost/" + uri.mediaId()
          + "?org.matrix.msc4097.encryption=aes128gcm").openConnection();
      redirect.setInstanceFollowRedirects(false);
      redirect.setRequestProperty("Authorization", "Bearer " + server.accessToken());
      if (redirect.getResponseCode() != 307) throw new AssertionError(redirect.getResponseCode());
      String location = redirect.getHeaderField("Location");
      byte[] first = digest(location, null, new long[1]);
      long[] length = new long[1];
      byte[] second = digest(location, null, length);
      if (!Arrays.equals(first, second)) throw new AssertionError("two bodies differ");
      long expected = 21 + size + 17 * Math.max(1, (size + 65518) / 65519);
      if (length[0] != expected) throw new AssertionError("length " + length[0] + " != " + expected);
      long[] tail = new long[1];
      digest(location, "bytes=" + (expected - 100_000) + "-", tail);
      if (tail[0] != 100_000) throw new AssertionError("tail " + tail[0]);
      System.out.println("served " + length[0] + " encoded bytes twice, identical; tail range ok");
    }
  }

  private static byte[] digest(String location, String range, long[] length) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(location).openConnection();
    connection.setRequestProperty("Accept-Encoding", "aes128gcm");
    if (range != null) connection.setRequestProperty("Range", range);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[65536];
    try (InputStream in = connection.getInputStream()) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        sha256.update(buffer, 0, n);
        length[0] += n;
      }
    }
    return sha256.digest();
  }
}
