package dev.mxsdk.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia}: the mxsdk command-line tool.
 *
 * <p>Exit codes: 0 on success, 1 when the command failed (one line on stderr naming the cause; the
 * stack trace only with {@code -v}), 2 on a usage error (one line plus a hint, never the whole
 * usage text). Nothing printed ever contains an access token or a key, and every line that can
 * carry text from a server goes through one {@link Sanitizer} (escaped, cut, secrets redacted).
 */
@Command(
    name = "mxmedia",
    mixinStandardHelpOptions = true,
    versionProvider = MxMedia.Version.class,
    description = "Download, upload, play, encrypt and decrypt Matrix media (authenticated,"
        + " CDN-encrypted, E2EE).",
    subcommands = {CommandLine.HelpCommand.class})
public final class MxMedia implements Runnable {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Print more detail, and a stack trace on failure.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs {@code mxmedia} with {@code args}, printing to the given streams; returns the exit code. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    Sanitizer sanitizer = new Sanitizer();
    try {
      return newCommandLine(out, err, sanitizer).execute(args);
    } finally {
      sanitizer.clear();
    }
  }

  static CommandLine newCommandLine(PrintStream out, PrintStream err, Sanitizer sanitizer) {
    CommandLine commandLine = new CommandLine(new MxMedia());
    // Subcommands are registered here, one line each.
    commandLine.addSubcommand(new EncryptCommand());
    commandLine.addSubcommand(new DecryptCommand(sanitizer));
    commandLine.addSubcommand(new EceEncryptCommand());
    commandLine.addSubcommand(new EceDecryptCommand());
    commandLine.addSubcommand(new ServeCommand());
    commandLine.addSubcommand(new DownloadCommand(out, sanitizer));
    commandLine.addSubcommand(new CacheCommand());
    commandLine.addSubcommand(new PlayCommand(sanitizer));
    commandLine.addSubcommand(new UploadCommand(sanitizer));
    commandLine.addSubcommand(new CopyCommand(sanitizer));
    commandLine.addSubcommand(new DemoCommand());
    commandLine.setOut(writer(out));
    commandLine.setErr(writer(err));
    commandLine.setParameterExceptionHandler((e, args) -> handleUsageError(e, sanitizer));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> handleFailure(e, cmd, parseResult, sanitizer));
    return commandLine;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  private static int handleUsageError(ParameterException e, Sanitizer sanitizer) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    // One line, like every failure, so scripts can show or log it as it is.
    err.println("mxmedia: " + sanitizer.describe(e) + " (see '"
        + cmd.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return EXIT_USAGE;
  }

  private static int handleFailure(
      Exception e, CommandLine cmd, ParseResult parseResult, Sanitizer sanitizer) {
    PrintWriter err = cmd.getErr();
    err.println("mxmedia: " + sanitizer.describe(e));
    if (isVerbose(parseResult)) {
      sanitizer.printStackTrace(e, err);
    }
    err.flush();
    return EXIT_FAILURE;
  }

  private static boolean isVerbose(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) return true;
    }
    return false;
  }

  private static PrintWriter writer(PrintStream stream) {
    try {
      return new PrintWriter(new java.io.OutputStreamWriter(stream, "UTF-8"), true);
    } catch (UnsupportedEncodingException e) {
      throw new AssertionError(e);
    }
  }

  /** Prints the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = MxMedia.class.getPackage().getImplementationVersion();
      return new String[] {"mxmedia " + (version != null ? version : "(development build)")};
    }
  }
}
