package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import java.io.InputStream;
import java.util.zip.CRC32;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Run in a forked JVM with a small heap by {@link ConstantMemoryTest}: downloads one large media
 * object through the full flow and prints {@code <bytes> <crc32>}.
 */
public final class LargeDownloadMain {
  private LargeDownloadMain() {}

  public static void main(String[] args) throws Exception {
    HttpUrl homeserver = HttpUrl.get(args[0]);
    MediaClient client = MediaClient.builder(
            TestClients.matrixClient(homeserver, new OkHttpClient(), "token"))
        .defaultOptions(MediaOptions.defaults())
        .build();
    MediaRequest request = MediaRequest.download(MxcUri.parse("mxc://media.example/large"));
    CRC32 crc = new CRC32();
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (MediaResponse response = client.newCall(request).execute();
        InputStream in = response.byteStream()) {
      for (int n; (n = in.read(buffer)) != -1; ) {
        crc.update(buffer, 0, n);
        total += n;
      }
      System.out.println(total + " " + crc.getValue() + " " + response.diagnostics().cdnLayer());
    }
    System.exit(0);
  }
}
