package dev.mxsdk.cli;

import dev.mxsdk.media.codec.SecretBytes;
import okio.ByteString;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Parses the base64url options of the {@code ece-*} commands, never echoing a key. */
final class EceKeys {
  private EceKeys() {}

  /** Decodes {@code text} (base64url, padding optional) into exactly {@code size} bytes. */
  static byte[] decode(CommandSpec spec, String option, String text, int size) {
    String unpadded = text;
    while (unpadded.endsWith("=")) unpadded = unpadded.substring(0, unpadded.length() - 1);
    for (int i = 0; i < unpadded.length(); i++) {
      char c = unpadded.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            option + " must be base64url (A-Z a-z 0-9 - _), found a character outside it");
      }
    }
    ByteString decoded = ByteString.decodeBase64(unpadded);
    if (decoded == null || decoded.size() != size) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " must decode to "
          + size + " bytes, got " + (decoded == null ? "undecodable text" : decoded.size() + ""));
    }
    return decoded.toByteArray();
  }

  static SecretBytes key(CommandSpec spec, String text) {
    return SecretBytes.wrap(decode(spec, "--key", text, 16));
  }
}
