package dev.mxsdk.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The MSC3910 content token of a download, shared as a picocli mixin: {@code --content-token
 * TOKEN}, {@code --content-token-file FILE} (its first line), or {@code MXMEDIA_CONTENT_TOKEN}
 * when neither option is given. The file and the variable keep the token out of the process list
 * ({@code ps} shows command lines, not environments or files). The token is handed to the
 * command's {@link Sanitizer} before anything could print it, and never echoed, not even in a
 * usage error.
 */
final class ContentTokenOptions {
  static final String ENVIRONMENT = "MXMEDIA_CONTENT_TOKEN";

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--content-token", paramLabel = "TOKEN",
      description = "The media's MSC3910 content token (the event's content_token), sent as"
          + " X-Matrix-Content-Token to the homeserver only. Visible to other local users in the"
          + " process list: prefer --content-token-file or $" + ENVIRONMENT + ".")
  @Nullable String token;

  @Option(names = "--content-token-file", paramLabel = "FILE",
      description = "Read the content token from the first line of FILE.")
  @Nullable File tokenFile;

  /**
   * The token of this run, or null; learned by {@code sanitizer} first.
   *
   * @throws ParameterException if both options are given, the file cannot be read, or the token
   *     is outside MSC3910's grammar
   */
  @Nullable String resolve(Sanitizer sanitizer) {
    sanitizer.addSecret(token);
    String fromEnvironment = HomeserverAccess.environment.get(ENVIRONMENT);
    sanitizer.addSecret(fromEnvironment);
    if (token != null && tokenFile != null) {
      throw new ParameterException(spec.commandLine(),
          "--content-token and --content-token-file exclude each other");
    }
    String value = token;
    String source = "--content-token";
    if (tokenFile != null) {
      value = readFirstLine(tokenFile);
      sanitizer.addSecret(value);
      source = "--content-token-file";
    } else if (value == null && fromEnvironment != null && !fromEnvironment.trim().isEmpty()) {
      value = fromEnvironment.trim();
      source = "$" + ENVIRONMENT;
    }
    if (value == null) return null;
    if (!value.matches("[A-Za-z0-9._~-]{1,255}")) {
      throw new ParameterException(spec.commandLine(), source + ": a content token is 1 to 255"
          + " characters of A-Z a-z 0-9 - . _ ~ (MSC3910); the one given is not");
    }
    return value;
  }

  private String readFirstLine(File file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file.toPath());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "--content-token-file: cannot read "
          + file + " (" + e.getClass().getSimpleName() + ")");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    String line = (end >= 0 ? text.substring(0, end) : text).trim();
    if (line.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--content-token-file: " + file
          + " is empty");
    }
    return line;
  }
}
