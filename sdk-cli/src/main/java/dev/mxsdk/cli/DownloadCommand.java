package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.ThumbnailMethod;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
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
 * mxc URI (the media's server is not the user's homeserver, and the token must not go there); the
 * token from {@code MXMEDIA_ACCESS_TOKEN}. On failure the output file is neither created nor
 * modified.
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

  @Spec CommandSpec spec;
  @ParentCommand MxMedia parent;

  @Parameters(index = "0", paramLabel = "MXC", description = "The mxc:// URI of the media.")
  String mxc;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Where to write the media; '-' for stdout. Default: the server's file name"
          + " in the current folder.")
  String output;

  @Option(names = "--homeserver", paramLabel = "URL",
      description = "Your homeserver's base URL (default: $MXMEDIA_HOMESERVER).")
  String homeserver;

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

  @Option(names = "--allow-insecure-loopback",
      description = "Allow plain http, to loopback addresses only (local test servers).")
  boolean allowInsecureLoopback;

  /**
   * Where a download without {@code -o} is written; null means the process's current directory.
   * Tests point it at a temporary folder (a JVM cannot change its working directory).
   */
  static @Nullable File defaultDirectory;

  /** {@code stdout} receives the media for {@code -o -}. */
  DownloadCommand(PrintStream stdout) {
    this.stdout = stdout;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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
    HttpUrl base = homeserverUrl();
    String token = environment.get("MXMEDIA_ACCESS_TOKEN");

    MediaRequest request;
    if (encryptedFile != null) {
      if (thumbnail != null) {
        throw new ParameterException(spec.commandLine(),
            "--thumbnail does not apply to --encrypted-file (E2EE media has no server thumbnails)");
      }
      EncryptedFile file = EncryptedFile.fromJson(
          new String(Files.readAllBytes(encryptedFile.toPath()), StandardCharsets.UTF_8));
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
        .requireCdnEncryption(requireCdnEncryption)
        .allowInsecureLoopback(allowInsecureLoopback);
    ProgressBar bar = System.console() != null ? new ProgressBar(err) : null;
    if (bar != null) options.progressListener(bar);

    MatrixClient matrixClient = Cli.matrixClient(base, token);
    MediaClient mediaClient = MediaClient.builder(matrixClient)
        .defaultOptions(options.build())
        .build();
    long started = System.nanoTime();
    try (MediaResponse response = mediaClient.newCall(request).execute()) {
      long bytes;
      String written;
      if ("-".equals(output)) {
        bytes = response.downloadTo(stdout);
        stdout.flush();
        written = "stdout";
      } else {
        File target = output != null ? new File(output) : defaultTarget(response, uri);
        bytes = response.downloadTo(target);
        written = target.getPath();
      }
      if (bar != null) bar.finish();
      if (parent != null && parent.verbose) {
        err.println("mxmedia: " + response.describe());
      }
      double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      PrintWriter report = "-".equals(output) ? err : out;
      report.printf("%s: %d bytes in %.2f s%n", written, bytes, seconds);
      report.flush();
    } finally {
      Cli.shutdown(matrixClient);
    }
    return 0;
  }

  private HttpUrl homeserverUrl() {
    String value = homeserver != null ? homeserver : environment.get("MXMEDIA_HOMESERVER");
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

  private static File defaultTarget(MediaResponse response, MxcUri uri) {
    String name = response.fileName();
    return new File(defaultDirectory, name != null ? name : uri.mediaId());
  }
}
