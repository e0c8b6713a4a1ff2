package dev.mxsdk.cli;

import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;
import okio.Okio;
import okio.Source;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia ece-decrypt --key B64URL [--max-rs N] IN OUT}: decodes an RFC 8188
 * {@code aes128gcm} file. OUT appears only after every record authenticated and the final record
 * was seen; on a bad tag, truncation or trailing bytes OUT is neither created nor modified.
 */
@Command(
    name = "ece-decrypt",
    mixinStandardHelpOptions = true,
    description = {
        "Decrypt the RFC 8188 aes128gcm file IN into OUT.",
        "OUT appears only after every record authenticated and the final record was seen."})
final class EceDecryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "B64URL",
      description = "The 16-byte input keying material, base64url (padding optional).")
  String key;

  @Option(names = "--max-rs", paramLabel = "N", defaultValue = "1048576",
      description = "Largest record size accepted (default: ${DEFAULT-VALUE}).")
  int maxRecordSize;

  @Parameters(index = "0", paramLabel = "IN", description = "The aes128gcm file.")
  File in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the plaintext.")
  File out;

  @Override
  public Integer call() throws IOException {
    if (maxRecordSize < 18) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-rs must be at least 18, got " + maxRecordSize);
    }
    MxMediaFiles.requireReadableFile(in, "IN");
    Source plaintext = new Aes128GcmDecodingSource(
        Okio.source(in), EceKeys.key(spec, key), maxRecordSize);
    MxMediaFiles.writeAtomically(plaintext, out);
    return MxMedia.EXIT_OK;
  }
}
