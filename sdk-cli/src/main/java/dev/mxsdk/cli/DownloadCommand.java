package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.ThumbnailMethod;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
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
 */
@Command(
    name = "download",
    description = "Download Matrix media (authenticated, CDN-decrypted, E2EE-verified).",
    mixinStandardHelpOptions = true)
final class DownloadCommand implements Callable<Integer> {
  static final Pattern THUMBNAIL = Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})(?::(crop|scale))?");

  private final PrintStream stdout;
  private final Sanitizer sanitizer;

  @Spec CommandSpec spec;
  @ParentCommand MxMedia parent;
  @Mixin HomeserverAccess access;

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

  @Option(names = "--no-cdn-encryption", description = "Do not offer MSC4097 CDN encryption.")
  boolean noCdnEncryption;

  @Option(names = "--require-cdn-encryption",
      description = "Fail if the homeserver redirects to a CDN without a key.")
  boolean requireCdnEncryption;

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
    access.checkUsage();
    OkHttpClient okHttpClient = access.okHttpClient();
    HttpUrl base = access.homeserver(okHttpClient);

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

    MediaOptions.Builder options = MediaOptions.builder()
        .cdnEncryption(!noCdnEncryption)
        .requireCdnEncryption(requireCdnEncryption);
    ProgressBar bar = System.console() != null ? new ProgressBar(err) : null;
    if (bar != null) options.progressListener(bar);

    MatrixClient matrixClient = access.connect(base, okHttpClient, sanitizer);
    MediaClient mediaClient = MediaClient.builder(matrixClient)
        .defaultOptions(options.build())
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
      report.printf("%s: %d bytes in %.2f s%n", sanitizer.clean(written), bytes, seconds);
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
}
