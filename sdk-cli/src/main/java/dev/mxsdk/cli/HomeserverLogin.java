package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.PasswordLogin;
import dev.mxsdk.core.ServerDiscovery;
import dev.mxsdk.core.Session;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * How the commands that fetch media from the user's homeserver ({@code download}, {@code play})
 * find it and sign in, the same way for each.
 *
 * <p>The homeserver comes from {@code --homeserver} or {@code MXMEDIA_HOMESERVER}, never from the
 * mxc URI (the media's server is not the user's homeserver, and the token must not go there), or,
 * with {@code --user} and neither of them, from the user ID's {@code .well-known}. The token comes
 * from {@code MXMEDIA_ACCESS_TOKEN}, or from a password login as {@code --user} (password from
 * {@code MXMEDIA_PASSWORD} or a prompt, never from the command line), whose device
 * {@link #signOut} logs out. Every token and password becomes a secret of the run's
 * {@link Sanitizer} before anything is printed.
 */
final class HomeserverLogin {
  private final CommandSpec spec;
  private final Sanitizer sanitizer;
  private final Map<String, String> environment;
  private final @Nullable String homeserver;
  private final @Nullable String user;
  private final boolean allowInsecureLoopback;

  /**
   * @param homeserver {@code --homeserver}, or null
   * @param user {@code --user}, or null
   * @param allowInsecureLoopback {@code --allow-insecure-loopback}
   */
  HomeserverLogin(CommandSpec spec, Sanitizer sanitizer, Map<String, String> environment,
      @Nullable String homeserver, @Nullable String user, boolean allowInsecureLoopback) {
    this.spec = spec;
    this.sanitizer = sanitizer;
    this.environment = environment;
    this.homeserver = homeserver;
    this.user = user;
    this.allowInsecureLoopback = allowInsecureLoopback;
    sanitizer.addSecret(environment.get("MXMEDIA_ACCESS_TOKEN"));
    sanitizer.addSecret(environment.get("MXMEDIA_PASSWORD"));
  }

  /** Whether the command logs in as {@code --user} (and so must {@link #signOut}). */
  boolean logsIn() {
    return user != null;
  }

  /**
   * Refuses a {@code --user} that cannot name a homeserver (a bare localpart without
   * {@code --homeserver}), before anything is fetched.
   */
  void checkUsage() {
    if (user != null && !user.startsWith("@") && homeserverValue() == null) {
      throw new ParameterException(spec.commandLine(), "--user needs a full user ID like"
          + " @alice:example.org to find the homeserver, or pass --homeserver");
    }
  }

  /**
   * The homeserver's base URL: {@code --homeserver}, {@code MXMEDIA_HOMESERVER}, or the user ID's
   * {@code .well-known}.
   *
   * @throws IOException if discovery fails
   */
  HttpUrl homeserver(OkHttpClient okHttpClient) throws IOException {
    if (user != null && homeserverValue() == null) {
      return ServerDiscovery.create(okHttpClient, "mxmedia").discover(user).homeserver();
    }
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

  /**
   * A client of {@code base}: logged in as {@code --user}, or authenticated by
   * {@code MXMEDIA_ACCESS_TOKEN}.
   *
   * @throws IOException if the login fails
   */
  MatrixClient signIn(HttpUrl base, OkHttpClient okHttpClient) throws IOException {
    if (user == null) {
      return Cli.matrixClient(base, environment.get("MXMEDIA_ACCESS_TOKEN"), okHttpClient,
          allowInsecureLoopback);
    }
    if (!base.isHttps() && !allowInsecureLoopback) {
      throw new ParameterException(spec.commandLine(), "refusing to send a password over plain"
          + " http to " + base.host() + " (--allow-insecure-loopback permits loopback hosts)");
    }
    return login(Cli.matrixClient(base, null, okHttpClient, allowInsecureLoopback), user);
  }

  /** Logs in as {@code user}; the password comes from the environment or a prompt. */
  private MatrixClient login(MatrixClient anonymous, String user) throws IOException {
    char[] password = password(user);
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

  private char[] password(String user) {
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

  /**
   * Logs the device of a {@code --user} login out, so that runs do not pile up devices (a failure
   * is a warning only), and releases the client's threads and connections.
   */
  void signOut(MatrixClient matrixClient, PrintWriter err) {
    if (user != null) {
      Session session = matrixClient.session();
      try {
        matrixClient.logout();
      } catch (IOException e) {
        err.println("mxmedia: " + sanitizer.clean("warning: could not log out device "
            + (session != null ? session.deviceId() : "?") + ": " + sanitizer.describe(e)));
        err.flush();
      }
    }
    Cli.shutdown(matrixClient);
  }

  private @Nullable String homeserverValue() {
    String value = homeserver != null ? homeserver : environment.get("MXMEDIA_HOMESERVER");
    return value == null || value.isEmpty() ? null : value;
  }
}
