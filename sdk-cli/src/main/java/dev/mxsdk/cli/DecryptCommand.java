package dev.mxsdk.cli;

import dev.mxsdk.media.Attachments;
import dev.mxsdk.media.EncryptedFile;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.concurrent.Callable;
import okio.BufferedSource;
import okio.Okio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mxmedia decrypt --encrypted-file JSON_FILE IN OUT}: decrypts a Matrix E2EE attachment.
 * OUT appears only after the SHA-256 of the ciphertext matched; on any failure OUT is neither
 * created nor modified.
 */
@Command(
    name = "decrypt",
    mixinStandardHelpOptions = true,
    description = {
        "Decrypt the Matrix E2EE attachment IN (v2, or legacy v1/unversioned) into OUT.",
        "OUT appears only after the SHA-256 of the ciphertext has been verified."})
final class DecryptCommand implements Callable<Integer> {
  /** An EncryptedFile is a few hundred bytes; anything this large is not one. */
  private static final long MAX_JSON_BYTES = 1024 * 1024;
  private static final int READ_BUFFER = 256 * 1024;

  @Option(
      names = "--encrypted-file",
      required = true,
      paramLabel = "JSON_FILE",
      description = "A file holding the EncryptedFile JSON object (e.g. an event's \"file\").")
  File encryptedFile;

  @Parameters(index = "0", paramLabel = "IN", description = "The ciphertext file.")
  File in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the plaintext.")
  File out;

  private final Sanitizer sanitizer;

  /** {@code sanitizer} learns the key, so that no message printed can show it. */
  DecryptCommand(Sanitizer sanitizer) {
    this.sanitizer = sanitizer;
  }

  @Override
  public Integer call() throws IOException {
    String json = readJson(encryptedFile);
    sanitizer.addEncryptedFileKey(json);
    EncryptedFile file = EncryptedFile.fromJson(json);
    sanitizer.addKey(file.key());
    MxMediaFiles.requireReadableFile(in, "IN");
    // Large reads: okio would otherwise read the file 8 KiB per system call.
    Attachments.decryptToFile(
        Okio.source(new BufferedInputStream(new FileInputStream(in), READ_BUFFER)), file, out);
    return MxMedia.EXIT_OK;
  }

  private static String readJson(File path) throws IOException {
    MxMediaFiles.requireReadableFile(path, "JSON_FILE");
    if (path.length() > MAX_JSON_BYTES) {
      throw new IOException("JSON_FILE is " + path.length() + " bytes; an EncryptedFile is at most "
          + MAX_JSON_BYTES);
    }
    try (BufferedSource source = Okio.buffer(Okio.source(path))) {
      String json = source.readUtf8();
      return json.startsWith("\uFEFF") ? json.substring(1) : json;
    }
  }
}
