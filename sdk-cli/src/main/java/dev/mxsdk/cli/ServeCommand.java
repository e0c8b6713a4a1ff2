package dev.mxsdk.cli;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia serve [--port P] [--token T] [--tls] FILE...}: runs the testkit's homeserver and
 * CDN in the foreground with the given files seeded, until killed.
 *
 * <p>Prints {@code homeserver: <base URL>} first, then {@code <mxc URI><TAB><file>} per file, then
 * {@code cdn: <URL>}, {@code access token: <T>} when the token was generated, and
 * {@code certificate: <PEM file>} with {@code --tls}. This is the one place mxmedia prints a
 * token, by design: it is the test server's own, freshly made, and a client needs it.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Run a local test homeserver and MSC4097 CDN (sdk-testkit) serving FILE... until killed.",
        "Prints 'homeserver: <base URL>', then '<mxc URI><TAB><file>' per file, then 'cdn: <URL>'.",
        "Requests need 'Authorization: Bearer T'. Without --token a random token is generated and",
        "printed as 'access token: T' (the one place mxmedia prints a token, by design: it is",
        "this test server's own). With --tls the self-signed certificate is written to a PEM file",
        "printed as 'certificate: <file>'."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", description = "Homeserver port (default: a random free port).")
  int port;

  @Option(names = "--token", paramLabel = "T", description = "The access token to accept (default: random, printed).")
  String token;

  @Option(names = "--tls", description = "Serve HTTPS with a generated self-signed certificate.")
  boolean tls;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to seed as media.")
  List<File> files = new ArrayList<>();

  @Override
  public Integer call() throws IOException, CertificateEncodingException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, was " + port);
    }
    if (token != null && token.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--token must not be empty");
    }
    for (File file : files) MxMediaFiles.requireReadableFile(file, "FILE");
    TestHomeserver.Builder builder = TestHomeserver.newBuilder().port(port).tls(tls);
    if (token != null) builder.accessToken(token);
    TestHomeserver server = builder.start();
    File pem = null;
    Thread hook = new Thread(server::close, "mxmedia-serve-shutdown");
    try {
      PrintWriter out = spec.commandLine().getOut();
      out.println("homeserver: " + server.baseUrl());
      for (File file : files) {
        String type = URLConnection.guessContentTypeFromName(file.getName());
        MxcUri uri = server.seed(file, type != null ? type : "application/octet-stream");
        out.println(uri + "\t" + file.getPath());
      }
      out.println("cdn: " + server.cdnBaseUrl());
      if (token == null) out.println("access token: " + server.accessToken());
      if (tls) {
        pem = File.createTempFile("mxmedia-serve-", ".pem");
        pem.deleteOnExit();
        try (OutputStream stream = new FileOutputStream(pem)) {
          stream.write(("-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(server.certificate().getEncoded())
              + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.println("certificate: " + pem.getPath());
      }
      out.flush();
      Runtime.getRuntime().addShutdownHook(hook);
      new CountDownLatch(1).await();
      return MxMedia.EXIT_OK;
    } catch (InterruptedException e) {
      // Interrupted by an embedding caller (tests): stop serving.
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException alreadyRunningOrAbsent) {
        // The JVM is shutting down, or the hook was never added; the server closes either way.
      }
      return MxMedia.EXIT_OK;
    } finally {
      server.close();
      if (pem != null) pem.delete();
    }
  }
}
