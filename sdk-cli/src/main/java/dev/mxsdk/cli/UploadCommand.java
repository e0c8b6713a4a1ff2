package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaReservation;
import dev.mxsdk.media.UploadCall;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.UploadResult;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLConnection;
import java.time.Instant;
import java.util.concurrent.Callable;
import okhttp3.MediaType;
import okio.Buffer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia upload FILE}: uploads one file to the homeserver, streamed, and prints its mxc
 * URI as the last line of stdout.
 *
 * <p>The homeserver and the token come as for {@code download} ({@link HomeserverAccess}). A plain
 * upload sends the file's name (or {@code --name}) and its type ({@code --content-type}, else one
 * guessed from the name, else {@code application/octet-stream}). {@code --encrypt} encrypts it
 * end to end on the way (no name, no type sent) and writes the {@code EncryptedFile} JSON, the
 * exact shape {@code download --encrypted-file} reads, to {@code --encrypted-file-out} once the
 * upload has succeeded (through a temporary file, owner-only, since it holds the key).
 * {@code --async} reserves the media ID with {@code /create} first and prints it before the
 * upload. {@code --restricted} uploads MSC3911 restricted media (visible to the uploader only
 * until attached); {@code --content-token-out} writes the server's MSC3910 content token to a
 * file (owner-only). A shutdown of the JVM (SIGINT, SIGTERM) cancels the upload. The key and the
 * server's content token are never printed.
 */
@Command(
    name = "upload",
    description = "Upload a file to your homeserver (streamed; optionally end-to-end encrypted or"
        + " into an MSC2246 reservation). Prints the mxc URI as the last line of stdout.",
    mixinStandardHelpOptions = true)
final class UploadCommand implements Callable<Integer> {
  private final Sanitizer sanitizer;

  @Spec CommandSpec spec;
  @ParentCommand MxMedia parent;
  @Mixin HomeserverAccess access;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to upload.")
  File file;

  @Option(names = "--content-type", paramLabel = "TYPE",
      description = "The media type sent (default: guessed from the name, else"
          + " application/octet-stream). Not with --encrypt.")
  @Nullable String contentType;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The file name sent (default: FILE's name). Not with --encrypt.")
  @Nullable String name;

  @Option(names = "--encrypt",
      description = "Encrypt end to end while uploading (AES-256-CTR + SHA-256, v2); sends no name"
          + " and no type. Needs --encrypted-file-out.")
  boolean encrypt;

  @Option(names = "--encrypted-file-out", paramLabel = "JSON_FILE",
      description = "With --encrypt: where to write the EncryptedFile JSON (it holds the key; the"
          + " shape download --encrypted-file reads).")
  @Nullable File encryptedFileOut;

  @Option(names = "--restricted",
      description = "Upload as MSC3911 restricted media (POST /_matrix/client/unstable/"
          + "org.matrix.msc3911/media/upload): visible only to you until an event or your"
          + " profile attaches it. A server without MSC3911 refuses it. Not with --async.")
  boolean restricted;

  @Option(names = "--content-token-out", paramLabel = "FILE",
      description = "Write the server's MSC3910 content_token, if it issues one, to FILE (owner"
          + " only), for the event and for download --content-token-file. Never printed.")
  @Nullable File contentTokenOut;

  @Option(names = "--async",
      description = "Reserve the media ID first (POST /_matrix/media/v1/create, MSC2246) and print"
          + " it, then upload into it.")
  boolean async;

  /** {@code sanitizer} learns the secrets of this run and cleans every line printed. */
  UploadCommand(Sanitizer sanitizer) {
    this.sanitizer = sanitizer;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    access.learnSecrets(sanitizer);
    checkUsage();
    access.checkUsage();
    MxMediaFiles.requireReadableFile(file, "FILE");
    File jsonTarget = encryptedFileOut;
    if (jsonTarget != null) requireWritableTarget(jsonTarget, "--encrypted-file-out");
    File tokenTarget = contentTokenOut;
    if (tokenTarget != null) requireWritableTarget(tokenTarget, "--content-token-out");

    UploadRequest.Builder request = UploadRequest.file(file);
    if (encrypt) {
      request.encrypt(true);
    } else {
      String sentName = name != null ? name : file.getName();
      request.fileName(sentName).contentType(contentType != null ? contentType : guess(sentName));
    }
    if (restricted) request.restricted(true);
    ProgressBar bar = System.console() != null ? new ProgressBar(err) : null;
    if (bar != null) request.progressListener(bar);

    MatrixClient matrixClient = access.signIn(sanitizer);
    UploadResult result;
    try {
      MediaClient media = MediaClient.create(matrixClient);
      if (async) {
        MediaReservation reservation = media.createMedia();
        out.println("reserved " + reservation.mxcUri() + (reservation.unusedExpiresAtMillis() >= 0
            ? " (upload before " + Instant.ofEpochMilli(reservation.unusedExpiresAtMillis()) + ")"
            : ""));
        out.flush();
        request.reservation(reservation);
      }
      result = upload(media.newUpload(request.build()), bar);
    } finally {
      access.finish(matrixClient, sanitizer, err);
    }
    String token = result.contentToken();
    sanitizer.addSecret(token);
    if (tokenTarget != null) {
      if (token != null) {
        MxMediaFiles.writeAtomically(new Buffer().writeUtf8(token).writeUtf8("\n"), tokenTarget);
        out.println("content token written to " + sanitizer.clean(tokenTarget.getPath()));
      } else {
        err.println("mxmedia: the server issued no content token; "
            + sanitizer.clean(tokenTarget.getPath()) + " not written");
      }
    }
    EncryptedFile encrypted = result.encryptedFile();
    if (encrypted != null && jsonTarget != null) {
      sanitizer.addKey(encrypted.key());
      MxMediaFiles.writeAtomically(new Buffer().writeUtf8(encrypted.toJson()).writeUtf8("\n"),
          jsonTarget);
      out.println("EncryptedFile (with the key) written to " + sanitizer.clean(jsonTarget.getPath()));
    }
    if (parent != null && parent.verbose) {
      err.println("mxmedia: " + sanitizer.clean(result.toString()));
    }
    out.println(result.mxcUri());
    out.flush();
    return MxMedia.EXIT_OK;
  }

  private UploadResult upload(UploadCall call, @Nullable ProgressBar bar) throws IOException {
    long started = System.nanoTime();
    UploadResult result;
    // Closed last, so that a shutdown waits for the upload to unwind.
    CancelOnShutdown guard = CancelOnShutdown.install(call);
    try {
      result = call.execute();
    } catch (IOException e) {
      if (guard.fired()) throw new IOException("upload interrupted", e);
      throw e;
    } finally {
      if (bar != null) bar.finish();
      guard.close();
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s: %d bytes in %.2f s%n", sanitizer.clean(file.getPath()), result.bytesSent(),
        seconds);
    return result;
  }

  private void checkUsage() {
    if (encrypt && encryptedFileOut == null) {
      throw new ParameterException(spec.commandLine(), "--encrypt needs --encrypted-file-out"
          + " JSON_FILE: without it the key, and so the file, would be lost");
    }
    if (!encrypt && encryptedFileOut != null) {
      throw new ParameterException(spec.commandLine(), "--encrypted-file-out needs --encrypt");
    }
    if (encrypt && (name != null || contentType != null)) {
      throw new ParameterException(spec.commandLine(), "--encrypt sends no "
          + (name != null ? "--name" : "--content-type") + " (the server would learn it); put it"
          + " in the event instead");
    }
    if (contentType != null && MediaType.parse(contentType) == null) {
      throw new ParameterException(spec.commandLine(),
          "--content-type must be a media type like image/png, was '" + contentType + "'");
    }
    if (restricted && async) {
      throw new ParameterException(spec.commandLine(), "--restricted creates its media ID"
          + " (MSC3911) and cannot upload into an --async reservation");
    }
    if (name != null && name.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--name is empty");
    }
  }

  /** Fails before the upload when the JSON could not be written after it (its key would be lost). */
  private static void requireWritableTarget(File target, String option) throws IOException {
    File absolute = target.getAbsoluteFile();
    if (absolute.isDirectory()) {
      throw new IOException(option + ": expected a file path but found a directory: " + target);
    }
    File dir = absolute.getParentFile();
    if (dir == null || !dir.isDirectory()) {
      throw new IOException(option + ": directory does not exist for " + target);
    }
    if (!dir.canWrite()) {
      throw new IOException(option + ": cannot write into " + dir);
    }
  }

  private static String guess(String fileName) {
    String guessed = URLConnection.guessContentTypeFromName(fileName);
    return guessed != null && MediaType.parse(guessed) != null
        ? guessed : "application/octet-stream";
  }
}
