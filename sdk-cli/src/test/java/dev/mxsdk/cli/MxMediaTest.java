package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class MxMediaTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return MxMedia.run(
        new PrintStream(out, true), new PrintStream(err, true), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownOptionIsAUsageErrorWithOneLineAndAHint() {
    assertEquals(2, run("--no-such-option"));
    String[] lines = err().split("\n");
    assertEquals(1, lines.length, err());
    assertTrue(lines[0].startsWith("mxmedia: "), lines[0]);
    assertTrue(lines[0].endsWith("(see 'mxmedia --help')"), lines[0]);
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, run());
    assertTrue(err().startsWith("mxmedia: missing command"), err());
  }

  @Test
  void versionPrintsTheToolName() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("mxmedia "));
  }

  @Test
  void helpListsTheTool() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("Usage: mxmedia"));
  }
}
