package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.PasswordLogin;
import dev.mxsdk.core.ServerDiscovery;
import dev.mxsdk.core.Session;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How the commands that talk to a homeserver ({@code download}, {@code upload}, {@code play},
 * {@code copy}) reach it and authenticate, shared as a picocli mixin: {@code --homeserver} (or
 * {@code MXMEDIA_HOMESERVER}), {@code --user} with a password login (password from {@code
 * MXMEDIA_PASSWORD} or a prompt, never from the command line; the homeserver from the user ID's
 * {@code .well-known} without {@code --homeserver}; the device logged out when the command ends),
 * otherwise the token from {@code MXMEDIA_ACCESS_TOKEN}; {@code --cacert} and {@code
 * --allow-insecure-loopback}.
 *
 * <p>Every secret it sees (the token, the password, the login session's tokens) goes to the
 * command's {@link Sanitizer} before anything could print it.
 */
final class HomeserverAccess {
  /** The environment; tests replace it. */
  static Map<String, String> environment = System.getenv();

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--homeserver", paramLabel = "URL",
      description = "Your homeserver's base URL (default: $MXMEDIA_HOMESERVER).")
  @Nullable String homeserver;

  @Option(names = {"-u", "--user"}, paramLabel = "USER_ID",
      description = "Log in as this user (password from $MXMEDIA_PASSWORD or a prompt; the device"
          + " is logged out at the end). Without --homeserver, the homeserver is found through the"
          + " user ID's /.well-known/matrix/client.")
  @Nullable String user;

  @Option(names = "--cacert", paramLabel = "PEM_FILE",
      description = "Trust only the CA certificates in this PEM file (e.g. a test server's).")
  @Nullable File caCertificates;

  @Option(names = "--allow-insecure-loopback",
      description = "Allow plain http, to loopback addresses only (local test servers).")
  boolean allowInsecureLoopback;

  /** Hands the secrets of the environment to {@code sanitizer}; call first. */
  void learnSecrets(Sanitizer sanitizer) {
    sanitizer.addSecret(environment.get("MXMEDIA_ACCESS_TOKEN"));
    sanitizer.addSecret(environment.get("MXMEDIA_PASSWORD"));
  }

  /** Throws the usage error of options that cannot find a homeserver, before any request. */
  void checkUsage() {
    if (user != null && !user.startsWith("@") && homeserverValue() == null) {
      throw new ParameterException(spec.commandLine(), "--user needs a full user ID like"
          + " @alice:example.org to find the homeserver, or pass --homeserver");
    }
  }

  /**
   * Parses the command's {@code MXC} argument; a malformed URI is a usage error naming the
   * problem, before any request.
   */
  MxcUri mxc(String value) {
    try {
      return MxcUri.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The Matrix client of the run, on the homeserver of {@code --homeserver}, {@code
   * MXMEDIA_HOMESERVER} or the user's {@code .well-known}: logged in as {@code --user}, or with
   * the environment's token. Call after every usage check ({@link #checkUsage} among them), as
   * it makes requests; end the run with {@link #finish}.
   *
   * @throws ParameterException if the options name no homeserver, or a password would go over
   *     plain http to a non-loopback host
   */
  MatrixClient signIn(Sanitizer sanitizer) throws IOException {
    OkHttpClient okHttpClient = Cli.okHttpClient(caCertificates).build();
    return connect(homeserver(okHttpClient), okHttpClient, sanitizer);
  }

  /** The homeserver: {@code --homeserver}, {@code MXMEDIA_HOMESERVER}, or discovery for --user. */
  private HttpUrl homeserver(OkHttpClient okHttpClient) throws IOException {
    String user = this.user;
    return user != null && homeserverValue() == null
        ? ServerDiscovery.create(okHttpClient, "mxmedia").discover(user).homeserver()
        : homeserverUrl();
  }

  /** Whether the run logs in as {@code --user} (and so logs out at the end). */
  boolean logsIn() {
    return user != null;
  }

  private MatrixClient connect(HttpUrl base, OkHttpClient okHttpClient, Sanitizer sanitizer)
      throws IOException {
    if (user == null) {
      return Cli.matrixClient(base, environment.get("MXMEDIA_ACCESS_TOKEN"), okHttpClient,
          allowInsecureLoopback);
    }
    if (!base.isHttps() && !allowInsecureLoopback) {
      throw new ParameterException(spec.commandLine(), "refusing to send a password over plain"
          + " http to " + base.host() + " (--allow-insecure-loopback permits loopback hosts)");
    }
    return login(Cli.matrixClient(base, null, okHttpClient, allowInsecureLoopback), sanitizer);
  }

  /** Ends the run's use of {@code client}: logs a --user device out, releases the threads. */
  void finish(MatrixClient client, Sanitizer sanitizer, PrintWriter err) {
    try {
      if (user != null) logout(client, sanitizer, err);
    } finally {
      Cli.shutdown(client);
    }
  }

  /** Logs in as {@link #user}; the password comes from the environment or a prompt. */
  private MatrixClient login(MatrixClient anonymous, Sanitizer sanitizer) throws IOException {
    char[] password = password();
    sanitizer.addSecret(password);
    PasswordLogin login;
    try {
      login = PasswordLogin.builder()
          .user(user)
          .password(password)
          .initialDeviceDisplayName("mxmedia")
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--user: " + e.getMessage());
    } finally {
      Arrays.fill(password, '\0');
    }
    Session session;
    try {
      session = anonymous.login(login);
    } catch (IOException e) {
      Cli.shutdown(anonymous);
      throw new IOException("login as " + user + " failed: " + e.getMessage(), e);
    } finally {
      login.clear();
    }
    sanitizer.addSecret(session.accessToken());
    sanitizer.addSecret(session.refreshToken());
    // The CLI keeps no state between runs, so refreshed sessions need not be persisted; their
    // tokens are still secrets to keep out of what is printed.
    return anonymous.newBuilder().session(session, refreshed -> {
      sanitizer.addSecret(refreshed.accessToken());
      sanitizer.addSecret(refreshed.refreshToken());
    }).build();
  }

  private char[] password() {
    String fromEnvironment = environment.get("MXMEDIA_PASSWORD");
    if (fromEnvironment != null) return fromEnvironment.toCharArray();
    Console console = System.console();
    if (console == null) {
      throw new ParameterException(spec.commandLine(), "--user needs a password: set"
          + " MXMEDIA_PASSWORD or run in a terminal to be prompted");
    }
    char[] typed = console.readPassword("Password for %s: ", user);
    if (typed == null) throw new ParameterException(spec.commandLine(), "no password entered");
    return typed;
  }

  /** Logs the device out so that runs do not pile up devices; a failure is a warning only. */
  private static void logout(MatrixClient matrixClient, Sanitizer sanitizer, PrintWriter err) {
    Session session = matrixClient.session();
    try {
      matrixClient.logout();
    } catch (IOException e) {
      err.println("mxmedia: " + sanitizer.clean("warning: could not log out device "
          + (session != null ? session.deviceId() : "?") + ": " + sanitizer.describe(e)));
      err.flush();
    }
  }

  private @Nullable String homeserverValue() {
    String value = homeserver != null ? homeserver : environment.get("MXMEDIA_HOMESERVER");
    return value == null || value.isEmpty() ? null : value;
  }

  private HttpUrl homeserverUrl() {
    String value = homeserverValue();
    if (value == null) {
      throw new ParameterException(spec.commandLine(),
          "no homeserver: pass --homeserver URL or set MXMEDIA_HOMESERVER");
    }
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new ParameterException(spec.commandLine(), "not an http(s) URL: '" + value + "'");
    }
    return url;
  }
}
