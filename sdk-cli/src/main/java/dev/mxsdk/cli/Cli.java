package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.ThumbnailMethod;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Shared plumbing of the subcommands that talk to a homeserver. */
final class Cli {
  /** {@code --thumbnail}: {@code WxH}, optionally {@code :crop} or {@code :scale}. */
  static final Pattern THUMBNAIL =
      Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})(?::(crop|scale))?");

  private Cli() {}

  /** A builder for the OkHttp client the subcommands use. */
  static OkHttpClient.Builder okHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(30, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS);
  }

  /**
   * A builder for the OkHttp client, trusting only the CA certificates in {@code caCertificates}
   * (PEM) when it is not null, as curl's {@code --cacert} does.
   *
   * @throws IOException if the file cannot be read or holds no certificate
   */
  static OkHttpClient.Builder okHttpClient(@Nullable File caCertificates) throws IOException {
    OkHttpClient.Builder builder = okHttpClient();
    if (caCertificates == null) return builder;
    MxMediaFiles.requireReadableFile(caCertificates, "--cacert");
    try (InputStream in = new FileInputStream(caCertificates)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IOException(caCertificates + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate certificate : certificates) store.setCertificateEntry("ca" + i++, certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return builder.sslSocketFactory(context.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException e) {
      throw new IOException(caCertificates + " is not a usable PEM certificate file: "
          + e.getMessage(), e);
    }
  }

  /**
   * A Matrix client for {@code homeserver} on {@code okHttpClient}, authenticated by {@code token};
   * {@code allowInsecureLoopback} is {@code --allow-insecure-loopback}, the one rule for every hop.
   */
  static MatrixClient matrixClient(HttpUrl homeserver, @Nullable String token,
      OkHttpClient okHttpClient, boolean allowInsecureLoopback) {
    return MatrixClient.builder()
        .homeserver(homeserver)
        .allowInsecureLoopback(allowInsecureLoopback)
        .okHttpClient(okHttpClient)
        .accessTokenProvider(() -> token)
        .userAgent("mxmedia")
        .build();
  }

  /**
   * The request the media options name: {@code --encrypted-file} (whose url, if any, must be
   * {@code uri}; its key becomes a secret of the run), else {@code --thumbnail WxH[:method]} of
   * {@code uri}, else the full file.
   *
   * @throws IOException if the JSON file cannot be read or is not an {@code EncryptedFile}
   */
  static MediaRequest mediaRequest(CommandSpec spec, Sanitizer sanitizer, MxcUri uri,
      @Nullable File encryptedFile, @Nullable String thumbnail) throws IOException {
    if (encryptedFile != null) {
      if (thumbnail != null) {
        throw new ParameterException(spec.commandLine(),
            "--thumbnail does not apply to --encrypted-file (E2EE media has no server thumbnails)");
      }
      String json = new String(Files.readAllBytes(encryptedFile.toPath()), StandardCharsets.UTF_8);
      sanitizer.addEncryptedFileKey(json);
      EncryptedFile file = EncryptedFile.fromJson(json);
      sanitizer.addKey(file.key());
      if (file.url() == null) file = file.newBuilder().url(uri).build();
      if (!uri.equals(file.url())) {
        throw new ParameterException(spec.commandLine(),
            "the mxc URI differs from the url in " + encryptedFile);
      }
      return MediaRequest.download(file);
    }
    if (thumbnail != null) {
      Matcher m = THUMBNAIL.matcher(thumbnail);
      if (!m.matches()) {
        throw new ParameterException(spec.commandLine(),
            "--thumbnail must look like 320x240, 320x240:crop or 320x240:scale, was '"
                + thumbnail + "'");
      }
      ThumbnailMethod method = "crop".equals(m.group(3)) ? ThumbnailMethod.CROP
          : ThumbnailMethod.SCALE;
      return MediaRequest.thumbnail(
          uri, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), method);
    }
    return MediaRequest.download(uri);
  }

  /** Releases the client's threads and connections so the process can exit at once. */
  static void shutdown(MatrixClient client) {
    OkHttpClient okHttpClient = client.okHttpClient();
    okHttpClient.dispatcher().executorService().shutdown();
    okHttpClient.connectionPool().evictAll();
  }
}
