package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.PasswordLogin;
import dev.mxsdk.core.ServerDiscovery;
import dev.mxsdk.core.Session;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.ThumbnailMethod;
import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia download}: downloads one piece of Matrix media through the full flow.
 *
 * <p>The homeserver comes from {@code --homeserver} or {@code MXMEDIA_HOMESERVER}, never from the
 * mxc URI (the media's server is not the user's homeserver, and the token must not go there), or,
 * with {@code --user} and neither of them, from the user ID's {@code .well-known}. The token comes
 * from {@code MXMEDIA_ACCESS_TOKEN}, or from a password login as {@code --user} (password from
 * {@code MXMEDIA_PASSWORD} or a prompt, never from the command line), whose device is logged out
 * before the command ends. On failure the output file is neither created nor modified.
 *
 * <p>Without {@code -o} the file name comes from the server ({@code Content-Disposition}), so it
 * never replaces an existing file unless {@code --force} is given: the first free name among
 * {@code name}, {@code name (1).ext}, {@code name (2).ext} ... is claimed atomically. A shutdown
 * of the JVM during the download (SIGINT, SIGTERM) cancels the call so that no temporary file and
 * no claimed name is left behind. The token, the password and the E2EE key are redacted from
 * everything printed.
 *
 * <p>{@code --range START-END} writes just those plaintext bytes (parsed by {@link
 * MediaRange#parse}); on E2EE media it needs {@code --unverified}, since a range cannot be checked
 * against the file's SHA-256, and is refused without it before anything is fetched or created.
 * {@code --resume} (with {@code -o FILE}) keeps what arrived when a download fails and continues
 * it on the next run.
 */
@Command(
    name = "download",
    description = "Download Matrix media (authenticated, CDN-decrypted, E2EE-verified).",
    mixinStandardHelpOptions = true)
final class DownloadCommand implements Callable<Integer> {
  static final Pattern THUMBNAIL = Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})(?::(crop|scale))?");

  /** The environment; tests replace it. */
  static Map<String, String> environment = System.getenv();

  private final PrintStream stdout;
  private final Sanitizer sanitizer;

  @Spec CommandSpec spec;
  @ParentCommand MxMedia parent;

  @Parameters(index = "0", paramLabel = "MXC", description = "The mxc:// URI of the media.")
  String mxc;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the media ('-' for stdout); an existing FILE is replaced."
          + " Default: the server's file name in the current folder, never replacing an existing"
          + " file: the first free name of 'name (1).ext', 'name (2).ext', ... is used instead.")
  String output;

  @Option(names = "--force",
      description = "Without -o: replace an existing file of the server's file name instead of"
          + " choosing a free name.")
  boolean force;

  @Option(names = "--homeserver", paramLabel = "URL",
      description = "Your homeserver's base URL (default: $MXMEDIA_HOMESERVER).")
  String homeserver;

  @Option(names = "--encrypted-file", paramLabel = "JSON_FILE",
      description = "The EncryptedFile JSON of end-to-end encrypted media (decrypted and verified).")
  File encryptedFile;

  @Option(names = "--thumbnail", paramLabel = "WxH[:crop|scale]",
      description = "Download a thumbnail instead of the full file (method default: scale).")
  String thumbnail;

  @Option(names = "--range", paramLabel = "START-END",
      description = "Download only these plaintext bytes, inclusive as in HTTP: START-END,"
          + " START- (to the end) or -N (the last N). E2EE media needs --unverified.")
  String range;

  @Option(names = "--resume",
      description = "With -o FILE: keep what arrived when the download fails (in a private"
          + " .FILE.mxsdk-partial beside it) and continue from there on the next run with"
          + " --resume; E2EE media is still verified as a whole.")
  boolean resume;

  @Option(names = "--unverified",
      description = "Accept unverified E2EE plaintext, as --range on --encrypted-file needs (a"
          + " range cannot be checked against the file's SHA-256). Whole downloads are still"
          + " verified before anything is written.")
  boolean unverified;

  @Option(names = "--no-cdn-encryption", description = "Do not offer MSC4097 CDN encryption.")
  boolean noCdnEncryption;

  @Option(names = "--require-cdn-encryption",
      description = "Fail if the homeserver redirects to a CDN without a key.")
  boolean requireCdnEncryption;

  @Option(names = "--deadline", paramLabel = "SECONDS",
      description = "Give up when the whole download has not finished after SECONDS"
          + " (default: no deadline).")
  Long deadlineSeconds;

  @Option(names = "--speed-limit", paramLabel = "BYTES",
      description = "Give up when fewer than BYTES per second arrive for --speed-time seconds"
          + " (default: " + MediaOptions.DEFAULT_LOW_SPEED_LIMIT + "; 0 turns it off).")
  Long speedLimit;

  @Option(names = "--speed-time", paramLabel = "SECONDS",
      description = "How long the transfer may stay below --speed-limit (default: 60).")
  Long speedTimeSeconds;

  @Option(names = {"-u", "--user"}, paramLabel = "USER_ID",
      description = "Log in as this user (password from $MXMEDIA_PASSWORD or a prompt; the device"
          + " is logged out at the end). Without --homeserver, the homeserver is found through the"
          + " user ID's /.well-known/matrix/client.")
  String user;

  @Option(names = "--cacert", paramLabel = "PEM_FILE",
      description = "Trust only the CA certificates in this PEM file (e.g. a test server's).")
  File caCertificates;

  @Option(names = "--allow-insecure-loopback",
      description = "Allow plain http, to loopback addresses only (local test servers).")
  boolean allowInsecureLoopback;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Keep downloaded media in the disk cache in DIR (created if missing) and take"
          + " it from there next time, without any request. E2EE media is kept encrypted."
          + " See 'mxmedia cache'.")
  File cacheDir;

  /**
   * Where a download without {@code -o} is written; null means the process's current directory.
   * Tests point it at a temporary folder (a JVM cannot change its working directory).
   */
  static @Nullable File defaultDirectory;

  /**
   * {@code stdout} receives the media for {@code -o -}; {@code sanitizer} learns the secrets of
   * this run and cleans every line printed.
   */
  DownloadCommand(PrintStream stdout, Sanitizer sanitizer) {
    this.stdout = stdout;
    this.sanitizer = sanitizer;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String token = environment.get("MXMEDIA_ACCESS_TOKEN");
    sanitizer.addSecret(token);
    sanitizer.addSecret(environment.get("MXMEDIA_PASSWORD"));
    if (noCdnEncryption && requireCdnEncryption) {
      throw new ParameterException(spec.commandLine(),
          "--no-cdn-encryption and --require-cdn-encryption exclude each other");
    }
    MxcUri uri;
    try {
      uri = MxcUri.parse(mxc);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    MediaRange mediaRange = null;
    if (range != null) {
      try {
        mediaRange = MediaRange.parse(range);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--range: " + e.getMessage());
      }
      if (encryptedFile != null && !unverified) {
        throw new ParameterException(spec.commandLine(), "--range on end-to-end encrypted media"
            + " cannot be verified (the SHA-256 covers the whole file): add --unverified to"
            + " accept unverified bytes, or download the whole file");
      }
      if (resume) {
        throw new ParameterException(spec.commandLine(),
            "--resume continues whole downloads and does not apply to --range");
      }
    }
    if (resume && (output == null || "-".equals(output))) {
      throw new ParameterException(spec.commandLine(), "--resume needs -o FILE");
    }
    if (user != null && !user.startsWith("@") && homeserverValue() == null) {
      throw new ParameterException(spec.commandLine(), "--user needs a full user ID like"
          + " @alice:example.org to find the homeserver, or pass --homeserver");
    }
    OkHttpClient okHttpClient = Cli.okHttpClient(caCertificates).build();
    HttpUrl base = user != null && homeserverValue() == null
        ? ServerDiscovery.create(okHttpClient, "mxmedia").discover(user).homeserver()
        : homeserverUrl();

    MediaRequest request;
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
      request = MediaRequest.download(file);
    } else if (thumbnail != null) {
      Matcher m = THUMBNAIL.matcher(thumbnail);
      if (!m.matches()) {
        throw new ParameterException(spec.commandLine(),
            "--thumbnail must look like 320x240, 320x240:crop or 320x240:scale, was '"
                + thumbnail + "'");
      }
      ThumbnailMethod method = "crop".equals(m.group(3)) ? ThumbnailMethod.CROP
          : ThumbnailMethod.SCALE;
      request = MediaRequest.thumbnail(
          uri, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), method);
    } else {
      request = MediaRequest.download(uri);
    }
    if (mediaRange != null) request = request.newBuilder().range(mediaRange).build();

    MediaOptions.Builder options = MediaOptions.builder()
        .cdnEncryption(!noCdnEncryption)
        .requireCdnEncryption(requireCdnEncryption)
        .unverifiedStreaming(unverified)
        .resume(resume);
    applyLimits(options);
    ProgressBar bar = System.console() != null ? new ProgressBar(err) : null;
    if (bar != null) options.progressListener(bar);

    MatrixClient matrixClient;
    if (user != null) {
      if (!base.isHttps() && !allowInsecureLoopback) {
        throw new ParameterException(spec.commandLine(), "refusing to send a password over plain"
            + " http to " + base.host() + " (--allow-insecure-loopback permits loopback hosts)");
      }
      matrixClient = login(Cli.matrixClient(base, null, okHttpClient, allowInsecureLoopback));
    } else {
      matrixClient = Cli.matrixClient(base, token, okHttpClient, allowInsecureLoopback);
    }
    MediaCache cache;
    try {
      cache = cacheDir != null ? CacheCommand.open(cacheDir) : null;
    } catch (IOException | RuntimeException e) {
      if (user != null) logout(matrixClient, err);
      Cli.shutdown(matrixClient);
      throw e;
    }
    MediaClient mediaClient = MediaClient.builder(matrixClient)
        .defaultOptions(options.build())
        .cache(cache)
        .build();
    MediaCall call = mediaClient.newCall(request);
    // Closed last, after every cleanup below, so that a shutdown waits for all of it.
    CancelOnShutdown guard = CancelOnShutdown.install(call);
    try {
      try {
        download(call, uri, bar, out, err);
      } catch (IOException e) {
        if (guard.fired()) throw new IOException("download interrupted", e);
        throw e;
      } finally {
        if (user != null) logout(matrixClient, err);
        Cli.shutdown(matrixClient);
        // Writes the cache's bookkeeping and releases its directory for the next run.
        if (cache != null) cache.close();
      }
    } finally {
      guard.close();
    }
    return 0;
  }

  private void download(MediaCall call, MxcUri uri, @Nullable ProgressBar bar, PrintWriter out,
      PrintWriter err) throws IOException {
    long started = System.nanoTime();
    try (MediaResponse response = call.execute()) {
      long bytes;
      String written;
      if ("-".equals(output)) {
        bytes = response.downloadTo(stdout);
        stdout.flush();
        written = "stdout";
      } else if (output != null) {
        File target = new File(output);
        bytes = response.downloadTo(target);
        written = target.getPath();
      } else {
        File target = defaultTarget(response, uri);
        bytes = downloadToDefaultTarget(response, target);
        written = target.getPath();
      }
      if (bar != null) bar.finish();
      if (parent != null && parent.verbose) {
        err.println("mxmedia: " + sanitizer.clean(response.describe()));
      }
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      PrintWriter report = "-".equals(output) ? err : out;
      String covered = "";
      if (range != null) {
        long total = response.totalLength();
        covered = bytes == 0 ? " (the range starts at or past the end"
            : " (bytes " + response.offset() + "-" + (response.offset() + bytes - 1);
        covered += " of " + (total >= 0 ? Long.toString(total) : "an unknown length") + ")";
      }
      report.printf("%s: %d bytes%s in %.2f s%n", sanitizer.clean(written), bytes, covered,
          seconds);
      report.flush();
    }
  }

  /**
   * The file a download without {@code -o} goes to: the server's name, or the media ID, in
   * {@link #defaultDirectory}; claimed as a free name unless {@code --force}.
   */
  private File defaultTarget(MediaResponse response, MxcUri uri) throws IOException {
    String fromServer = response.fileName();
    // The name is printed and shown in file managers: nothing in it may steer a terminal.
    String name = Sanitizer.safeFileName(fromServer != null ? fromServer : uri.mediaId());
    return force ? new File(defaultDirectory, name)
        : MxMediaFiles.claimFreeName(defaultDirectory, name);
  }

  /** Downloads into {@code target}, deleting the empty file that claimed the name on failure. */
  private long downloadToDefaultTarget(MediaResponse response, File target) throws IOException {
    boolean done = false;
    try {
      long bytes = response.downloadTo(target);
      done = true;
      return bytes;
    } finally {
      // On failure the library leaves the target as it was: still the empty claim (unless --force
      // pointed at an existing file, which then must stay).
      if (!done && !force && target.length() == 0) target.delete();
    }
  }

  /** Applies {@code --deadline}, {@code --speed-limit} and {@code --speed-time}. */
  private void applyLimits(MediaOptions.Builder options) {
    if (deadlineSeconds != null) {
      if (deadlineSeconds <= 0) {
        throw new ParameterException(spec.commandLine(), "--deadline must be a positive number of"
            + " seconds, was " + deadlineSeconds);
      }
      options.deadlineMillis(deadlineSeconds * 1000L);
    }
    if (speedLimit != null || speedTimeSeconds != null) {
      long limit = speedLimit != null ? speedLimit : MediaOptions.DEFAULT_LOW_SPEED_LIMIT;
      long time = speedTimeSeconds != null
          ? speedTimeSeconds : MediaOptions.DEFAULT_LOW_SPEED_TIME_MILLIS / 1000;
      if (limit < 0) {
        throw new ParameterException(spec.commandLine(), "--speed-limit must not be negative");
      }
      if (time <= 0) {
        throw new ParameterException(spec.commandLine(),
            "--speed-time must be a positive number of seconds, was " + time);
      }
      options.lowSpeedLimit(limit, time * 1000L);
    }
  }

  /** Logs in as {@link #user}; the password comes from the environment or a prompt. */
  private MatrixClient login(MatrixClient anonymous) throws IOException {
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
  private void logout(MatrixClient matrixClient, PrintWriter err) {
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
    if (value == null || value.isEmpty()) {
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
