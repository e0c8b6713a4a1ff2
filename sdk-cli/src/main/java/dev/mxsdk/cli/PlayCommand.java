package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.server.LinkOptions;
import dev.mxsdk.media.server.MediaLink;
import dev.mxsdk.media.server.MediaServer;
import java.io.File;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia play MXC}: serves one piece of Matrix media at a local URL, for a player that
 * takes a URL ({@code ffplay}, {@code mpv}, {@code vlc}, {@code curl}), until killed.
 *
 * <p>Signs in as {@code download} does ({@link HomeserverAccess}), starts a {@link MediaServer} on
 * 127.0.0.1 and prints the link's URL as the first line of stdout (nothing comes before it, so
 * {@code mxmedia play ... | head -1} is the URL); then serves until the process is stopped. Every
 * seek of the player is a ranged download through the SDK. E2EE media ({@code --encrypted-file})
 * is served only after the whole file verified, unless {@code --unverified} lets a player start
 * and seek before (for video and audio; see the README for what is then verified).
 *
 * <p>The URL carries the link's capability: it is printed because printing it is the command's
 * purpose (the one secret {@code play} prints); it appears nowhere else. SIGINT and SIGTERM close
 * the server through a shutdown hook (every download is cancelled, every connection released, the
 * verified spool file deleted) and log out a {@code --user} device.
 */
@Command(
    name = "play",
    mixinStandardHelpOptions = true,
    description = {
        "Serve Matrix media to a player at a local http://127.0.0.1 URL until killed.",
        "Prints the URL as the first line of stdout, e.g. for ffplay \"$(mxmedia play MXC ... |"
            + " head -1)\". Players seek with Range requests, each a ranged download."})
final class PlayCommand implements Callable<Integer> {
  /** How long the shutdown hook waits for the server to close and the device to log out. */
  static final long SHUTDOWN_WAIT_MILLIS = 5000;

  private final Sanitizer sanitizer;

  @Spec CommandSpec spec;
  @Mixin HomeserverAccess access;

  @Parameters(index = "0", paramLabel = "MXC", description = "The mxc:// URI of the media.")
  String mxc;

  @Option(names = "--encrypted-file", paramLabel = "JSON_FILE",
      description = "The EncryptedFile JSON of end-to-end encrypted media. Served after the"
          + " whole file verified, unless --unverified.")
  File encryptedFile;

  @Option(names = "--unverified",
      description = "With --encrypted-file: serve as it streams, so a player starts and seeks at"
          + " once (video, audio). Ranges are not verified; a response of the whole file is, at"
          + " its end, and a mismatch breaks the connection.")
  boolean unverified;

  @Option(names = "--thumbnail", paramLabel = "WxH[:crop|scale]",
      description = "Serve a thumbnail instead of the full file (method default: scale).")
  String thumbnail;

  @Option(names = "--content-type", paramLabel = "TYPE",
      description = "The Content-Type to serve (default: the server's; E2EE media is stored as"
          + " application/octet-stream), e.g. the event's info.mimetype.")
  String contentType;

  @Option(names = "--file-name", paramLabel = "NAME",
      description = "The file name at the end of the URL (players look at its extension).")
  String fileName;

  PlayCommand(Sanitizer sanitizer) {
    this.sanitizer = sanitizer;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    access.learnSecrets(sanitizer);
    MxcUri uri = access.mxc(mxc);
    if (unverified && encryptedFile == null) {
      throw new ParameterException(spec.commandLine(),
          "--unverified applies to --encrypted-file only (unencrypted media has no hash to skip)");
    }
    access.checkUsage();
    MediaRequest request = Cli.mediaRequest(spec, sanitizer, uri, encryptedFile, thumbnail);
    LinkOptions options = LinkOptions.builder()
        .contentType(contentType)
        .fileName(fileName != null ? fileName : uri.mediaId())
        .unverifiedStreaming(unverified)
        // The link lives as long as the command runs.
        .lifetime(Long.MAX_VALUE, TimeUnit.MILLISECONDS)
        .build();

    MatrixClient matrixClient = access.signIn(sanitizer);
    MediaClient media = MediaClient.create(matrixClient);
    final MediaServer server = MediaServer.builder().build();
    final CountDownLatch stopped = new CountDownLatch(1);
    // Closed last, after the logout, so that a shutdown waits for all of it.
    CancelOnShutdown guard = CancelOnShutdown.install(() -> {
      server.close();
      stopped.countDown();
    }, SHUTDOWN_WAIT_MILLIS);
    try {
      try {
        server.start();
        MediaLink link = server.url(media, request, options);
        out.println(link.url());
        out.flush();
        stopped.await();
      } catch (InterruptedException e) {
        // Interrupted by an embedding caller (tests): stop serving.
      } finally {
        server.close();
        access.finish(matrixClient, sanitizer, err);
      }
    } finally {
      guard.close();
    }
    return MxMedia.EXIT_OK;
  }
}
