package dev.mxsdk.cli;

import dev.mxsdk.media.Attachments;
import dev.mxsdk.media.EncryptingSource;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import okio.Okio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia encrypt IN OUT}: encrypts a file as a Matrix {@code v2} attachment, writes the
 * ciphertext to OUT (through a temporary file beside it, moved into place when complete) and prints
 * the {@code EncryptedFile} JSON, which contains the key, on stdout.
 */
@Command(
    name = "encrypt",
    mixinStandardHelpOptions = true,
    description = {
        "Encrypt IN as a Matrix E2EE attachment (v2, AES-256-CTR + SHA-256).",
        "Writes the ciphertext to OUT and prints the EncryptedFile JSON (without url) on stdout.",
        "The JSON contains the key: keep it secret."})
final class EncryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IN", description = "The plaintext file.")
  File in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the ciphertext.")
  File out;

  @Override
  public Integer call() throws IOException {
    MxMediaFiles.requireReadableFile(in, "IN");
    EncryptingSource ciphertext = Attachments.encrypt(Okio.source(in));
    MxMediaFiles.writeAtomically(ciphertext, out);
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(ciphertext.encryptedFile().toJson());
    stdout.flush();
    return MxMedia.EXIT_OK;
  }
}
