package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia copy MXC}: asks the homeserver for a new copy of existing media (MSC3911's
 * {@code POST /_matrix/client/unstable/org.matrix.msc3911/media/copy/{serverName}/{mediaId}}),
 * to attach to a new event as when forwarding, and prints the new mxc URI as the last line of
 * stdout. The homeserver and the token come as for {@code download} ({@link HomeserverAccess}).
 * A server without MSC3911 answers {@code 404 M_UNRECOGNIZED}.
 */
@Command(
    name = "copy",
    description = "Copy existing media to a new mxc URI (MSC3911, linking media to events)."
        + " Prints the new mxc URI as the last line of stdout.",
    mixinStandardHelpOptions = true)
final class CopyCommand implements Callable<Integer> {
  private final Sanitizer sanitizer;

  @Spec CommandSpec spec;
  @Mixin HomeserverAccess access;

  @Parameters(index = "0", paramLabel = "MXC", description = "The mxc:// URI of the media.")
  String mxc;

  /** {@code sanitizer} learns the secrets of this run and cleans every line printed. */
  CopyCommand(Sanitizer sanitizer) {
    this.sanitizer = sanitizer;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    access.learnSecrets(sanitizer);
    MxcUri source = access.mxc(mxc);
    access.checkUsage();
    MatrixClient matrixClient = access.signIn(sanitizer);
    MxcUri copy;
    try {
      copy = MediaClient.create(matrixClient).copy(source);
    } finally {
      access.finish(matrixClient, sanitizer, err);
    }
    out.println(copy);
    out.flush();
    return MxMedia.EXIT_OK;
  }
}
