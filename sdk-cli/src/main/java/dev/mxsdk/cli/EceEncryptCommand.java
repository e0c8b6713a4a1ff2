package dev.mxsdk.cli;

import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.Msc4097;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia ece-encrypt --key B64URL [--rs N] [--salt B64URL] [--keyid ID] IN OUT}: encodes IN
 * as RFC 8188 {@code aes128gcm} (no padding, the MSC4097 canonical layout). OUT appears only when
 * the whole file was encoded.
 */
@Command(
    name = "ece-encrypt",
    mixinStandardHelpOptions = true,
    description = "Encrypt IN as RFC 8188 aes128gcm (Content-Encoding) into OUT.")
final class EceEncryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "B64URL",
      description = "The 16-byte input keying material, base64url (padding optional).")
  String key;

  @Option(names = "--rs", paramLabel = "N", defaultValue = "" + Msc4097.DEFAULT_RECORD_SIZE,
      description = "Record size, 18 to 1048576 (default: ${DEFAULT-VALUE}).")
  int recordSize;

  @Option(names = "--salt", paramLabel = "B64URL",
      description = "A 16-byte salt, base64url (default: random).")
  @Nullable String salt;

  @Option(names = "--keyid", paramLabel = "ID",
      description = "A keyid to put in the header, UTF-8, at most 255 bytes (default: none).")
  @Nullable String keyId;

  @Parameters(index = "0", paramLabel = "IN", description = "The plaintext file.")
  File in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the encoding.")
  File out;

  @Override
  public Integer call() throws IOException {
    if (recordSize < Aes128GcmEncodingSource.MIN_RECORD_SIZE || recordSize > 1 << 20) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--rs must be 18 to 1048576, got " + recordSize);
    }
    byte[] saltBytes;
    if (salt != null) {
      saltBytes = EceKeys.decode(spec, "--salt", salt, 16);
    } else {
      saltBytes = new byte[16];
      new SecureRandom().nextBytes(saltBytes);
    }
    byte[] id = keyId != null ? keyId.getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (id.length > 255) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--keyid must be at most 255 bytes, got " + id.length);
    }
    MxMediaFiles.requireReadableFile(in, "IN");
    Source encoded = new Aes128GcmEncodingSource(
        Okio.source(in), EceKeys.key(spec, key), saltBytes, recordSize, id);
    MxMediaFiles.writeAtomically(encoded, out);
    return MxMedia.EXIT_OK;
  }
}
