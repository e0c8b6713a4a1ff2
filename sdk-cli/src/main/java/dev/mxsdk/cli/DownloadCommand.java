package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia download}: downloads one piece of Matrix media through the full flow.
 *
 * <p>The homeserver and the token come as {@link HomeserverAccess} describes (shared with
 * {@code upload} and {@code play}); a {@code --user} login's device is logged out before the command ends. On failure
 * the output file is neither created nor modified.
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
 *
 * <p>An MSC3910 content token comes as {@link ContentTokenOptions} describes ({@code
 * --content-token}, {@code --content-token-file} or {@code MXMEDIA_CONTENT_TOKEN}); it goes to the
 * homeserver only and is redacted like the access token.
 */
@Command(
    name = "download",
    description = "Download Matrix media (authenticated, CDN-decrypted, E2EE-verified).",
    mixinStandardHelpOptions = true)
final class DownloadCommand implements Callable<Integer> {

  private final PrintStream stdout;
  private final Sanitizer sanitizer;

  @Spec CommandSpec spec;
  @ParentCommand MxMedia parent;
  @Mixin HomeserverAccess access;
  @Mixin ContentTokenOptions contentToken;

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
    access.learnSecrets(sanitizer);
    String token = contentToken.resolve(sanitizer);
    if (noCdnEncryption && requireCdnEncryption) {
      throw new ParameterException(spec.commandLine(),
          "--no-cdn-encryption and --require-cdn-encryption exclude each other");
    }
    MxcUri uri = access.mxc(mxc);
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
    access.checkUsage();

    MediaRequest request = Cli.mediaRequest(spec, sanitizer, uri, encryptedFile, thumbnail);
    if (mediaRange != null) request = request.newBuilder().range(mediaRange).build();
    if (token != null) request = request.newBuilder().contentToken(token).build();

    MediaOptions.Builder options = MediaOptions.builder()
        .cdnEncryption(!noCdnEncryption)
        .requireCdnEncryption(requireCdnEncryption)
        .unverifiedStreaming(unverified)
        .resume(resume);
    applyLimits(options);
    ProgressBar bar = System.console() != null ? new ProgressBar(err) : null;
    if (bar != null) options.progressListener(bar);

    MatrixClient matrixClient = access.signIn(sanitizer);
    MediaCache cache;
    try {
      cache = cacheDir != null ? CacheCommand.open(cacheDir) : null;
    } catch (IOException | RuntimeException e) {
      access.finish(matrixClient, sanitizer, err);
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
        access.finish(matrixClient, sanitizer, err);
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
}
