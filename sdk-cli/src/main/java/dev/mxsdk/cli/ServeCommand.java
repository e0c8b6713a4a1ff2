package dev.mxsdk.cli;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.TestHomeserver;
import dev.mxsdk.testkit.TestHomeserverBuilder;
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
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia serve [OPTIONS] FILE...}: runs the testkit's homeserver and CDN in the foreground
 * with the given files seeded, until killed, configured as the options say (the settings of
 * {@link TestHomeserverBuilder} a client developer needs).
 *
 * <p>Prints {@code homeserver: <base URL>} first, then {@code <mxc URI><TAB><file>} per file, then
 * {@code cdn: <URL>} (unless {@code --no-cdn}), {@code access token: <T>} when the token was
 * generated, {@code password: <P>} when users were added without {@code MXMEDIA_SERVE_PASSWORD},
 * and {@code certificate: <PEM file>} with {@code --tls}. This is the one place mxmedia prints a
 * token or a password, by design: they are the test server's own, freshly made, and a client needs
 * them.
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
        "printed as 'certificate: <file>'. --log FILE appends one JSON line per request of either",
        "origin (credentials redacted)."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", description = "Homeserver port (default: a random free port).")
  int port;

  @Option(names = "--token", paramLabel = "T", description = "The access token to accept (default: random, printed).")
  String token;

  @Option(names = "--tls", description = "Serve HTTPS with a generated self-signed certificate.")
  boolean tls;

  @Option(names = "--no-cdn",
      description = "No CDN origin: every download is served by the homeserver itself.")
  boolean noCdn;

  @Option(names = "--no-cdn-encryption",
      description = "A CDN without MSC4097: requests that opt in get plain redirects, no key.")
  boolean noCdnEncryption;

  @Option(names = "--spec-version", paramLabel = "V",
      description = "A spec version /versions advertises, e.g. v1.7 (repeatable; default v1.11)."
          + " The server acts as one: v1 media endpoints from v1.11, allow_redirect from v1.7.")
  List<String> specVersions = new ArrayList<>();

  @Option(names = "--unstable-feature", paramLabel = "NAME[=true|false]",
      description = "An unstable feature /versions advertises (repeatable; true unless =false).")
  List<String> unstableFeatures = new ArrayList<>();

  @Option(names = "--server-name", paramLabel = "NAME",
      description = "The server name in mxc URIs (default: localhost).")
  String serverName;

  @Option(names = "--max-upload-size", paramLabel = "BYTES",
      description = "The m.upload.size limit (default: 52428800).")
  Long maxUploadSize;

  @Option(names = "--user", paramLabel = "LOCALPART",
      description = "A user who can log in with m.login.password (repeatable). The password is"
          + " $MXMEDIA_SERVE_PASSWORD, or generated and printed as 'password: P'.")
  List<String> users = new ArrayList<>();

  @Option(names = "--access-token-lifetime", paramLabel = "MS",
      description = "How long access tokens of logins with a refresh token live (default: 0,"
          + " never expire).")
  Long accessTokenLifetime;

  @Option(names = "--media-auth-cookies",
      description = "Implement MSC4250: whoami?org.matrix.msc4250.set_auth_cookie=true sets a"
          + " media cookie that v1 downloads and thumbnails accept instead of a token.")
  boolean mediaAuthCookies;

  @Option(names = "--log", paramLabel = "FILE",
      description = "Append one JSON line per request of either origin to FILE: time, origin,"
          + " method, target, status, bytes, ms, headers; credentials and tokens redacted.")
  File log;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to seed as media.")
  List<File> files = new ArrayList<>();

  /** The environment; tests replace it. */
  static Map<String, String> environment = System.getenv();

  /** Random bytes of a generated password. */
  private static final int PASSWORD_BYTES = 18;

  private static final Pattern SPEC_VERSION =
      Pattern.compile("v[0-9]{1,4}\\.[0-9]{1,4}|r[0-9]\\.[0-9]{1,3}\\.[0-9]{1,3}");

  @Override
  public Integer call() throws IOException, CertificateEncodingException {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, was " + port);
    }
    if (token != null && token.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--token must not be empty");
    }
    for (File file : files) MxMediaFiles.requireReadableFile(file, "FILE");
    TestHomeserverBuilder builder = TestHomeserver.newBuilder().port(port).tls(tls)
        .cdn(!noCdn).cdnEncryption(!noCdnEncryption).mediaAuthCookies(mediaAuthCookies);
    if (token != null) builder.accessToken(token);
    String password = configure(builder);
    OutputStream logStream = log == null ? null : new FileOutputStream(log, true);
    if (logStream != null) builder.accessLog(logStream);
    TestHomeserver server;
    try {
      server = builder.start();
    } catch (IOException | RuntimeException e) {
      if (logStream != null) logStream.close();
      throw e;
    }
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
      if (!noCdn) out.println("cdn: " + server.cdnBaseUrl());
      if (token == null) out.println("access token: " + server.accessToken());
      if (password != null) out.println("password: " + password);
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
      if (logStream != null) logStream.close();
      if (pem != null) pem.delete();
    }
  }

  /**
   * Applies the server options to {@code builder}; returns the generated password of the users,
   * or null when there are none or the password came from the environment.
   *
   * @throws ParameterException for a malformed value
   */
  private @Nullable String configure(TestHomeserverBuilder builder) {
    for (String version : specVersions) {
      if (!SPEC_VERSION.matcher(version).matches()) {
        throw new ParameterException(spec.commandLine(),
            "--spec-version must look like v1.11 (or r0.6.1), was " + version);
      }
    }
    if (!specVersions.isEmpty()) builder.specVersions(specVersions.toArray(new String[0]));
    for (String feature : unstableFeatures) {
      int eq = feature.indexOf('=');
      String name = eq < 0 ? feature : feature.substring(0, eq);
      String value = eq < 0 ? "true" : feature.substring(eq + 1);
      if (name.isEmpty() || !(value.equals("true") || value.equals("false"))) {
        throw new ParameterException(spec.commandLine(),
            "--unstable-feature must be NAME, NAME=true or NAME=false, was " + feature);
      }
      builder.unstableFeature(name, value.equals("true"));
    }
    try {
      if (serverName != null) builder.serverName(serverName);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "--server-name is not a valid server name: " + serverName);
    }
    if (maxUploadSize != null) {
      if (maxUploadSize < 0) {
        throw new ParameterException(spec.commandLine(), "--max-upload-size must not be negative");
      }
      builder.maxUploadSize(maxUploadSize);
    }
    if (accessTokenLifetime != null) {
      if (accessTokenLifetime < 0) {
        throw new ParameterException(spec.commandLine(),
            "--access-token-lifetime must not be negative");
      }
      builder.accessTokenLifetimeMillis(accessTokenLifetime);
    }
    if (users.isEmpty()) return null;
    String fromEnvironment = environment.get("MXMEDIA_SERVE_PASSWORD");
    String password = fromEnvironment;
    if (password == null || password.isEmpty()) {
      byte[] raw = new byte[PASSWORD_BYTES];
      new SecureRandom().nextBytes(raw);
      password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
    for (String user : users) {
      try {
        builder.user(user, password);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(),
            "--user must be a localpart (a-z, 0-9, ._=/+-), was " + user);
      }
    }
    return password.equals(fromEnvironment) ? null : password;
  }
}
