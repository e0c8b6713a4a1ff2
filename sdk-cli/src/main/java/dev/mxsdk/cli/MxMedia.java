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
 * usage text). Nothing printed ever contains an access token or a key.
 */
@Command(
    name = "mxmedia",
    mixinStandardHelpOptions = true,
    versionProvider = MxMedia.Version.class,
    description = "Download, encrypt and decrypt Matrix media (authenticated, CDN-encrypted, E2EE).",
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
    return newCommandLine(out, err).execute(args);
  }

  static CommandLine newCommandLine(PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new MxMedia());
    // Subcommands are registered here, one line each.
    commandLine.addSubcommand(new EncryptCommand());
    commandLine.addSubcommand(new DecryptCommand());
    commandLine.addSubcommand(new EceEncryptCommand());
    commandLine.addSubcommand(new EceDecryptCommand());
    commandLine.addSubcommand(new ServeCommand());
    commandLine.addSubcommand(new DownloadCommand(out));
    commandLine.addSubcommand(new DemoCommand());
    commandLine.setOut(writer(out));
    commandLine.setErr(writer(err));
    commandLine.setParameterExceptionHandler(MxMedia::handleUsageError);
    commandLine.setExecutionExceptionHandler(MxMedia::handleFailure);
    return commandLine;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  private static int handleUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    // One line, like every failure, so scripts can show or log it as it is.
    err.println("mxmedia: " + oneLine(e.getMessage()) + " (see '"
        + cmd.getCommandSpec().qualifiedName() + " --help')");
    err.flush();
    return EXIT_USAGE;
  }

  private static int handleFailure(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println("mxmedia: " + describe(e));
    if (isVerbose(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return EXIT_FAILURE;
  }

  /** Describes {@code e} in one line: its message, or its type when it has none. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.trim().isEmpty()) {
      return e.getClass().getSimpleName();
    }
    return oneLine(message);
  }

  private static String oneLine(String message) {
    return message.replace('\r', ' ').replace('\n', ' ').trim();
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
