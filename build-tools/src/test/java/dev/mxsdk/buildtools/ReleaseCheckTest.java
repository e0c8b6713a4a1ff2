package dev.mxsdk.buildtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release check against small staged repositories written by each test. */
final class ReleaseCheckTest {
  private static final String METADATA = "  <url>https://example.org/mxsdk</url>\n"
      + "  <licenses><license><name>Apache-2.0</name>"
      + "<url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses>\n"
      + "  <developers><developer><name>The authors</name></developer></developers>\n"
      + "  <scm><connection>scm:git:https://example.org/mxsdk.git</connection>"
      + "<url>https://example.org/mxsdk</url></scm>\n";

  @TempDir Path staging;

  private List<String> check() throws IOException {
    return new ReleaseCheck(staging, false).run();
  }

  /** A complete staged set: a parent POM (with the metadata) and one library that inherits it. */
  private void stageGoodSet(String version, String libraryDependencies) throws IOException {
    stagePom("mxsdk-parent", version, "<packaging>pom</packaging>\n"
        + "  <name>parent</name>\n  <description>The parent.</description>\n" + METADATA
        + "  <properties><okhttp.version>4.12.0</okhttp.version></properties>\n");
    stageLibrary("sdk-core", version, libraryDependencies);
  }

  private void stageLibrary(String artifactId, String version, String dependencies)
      throws IOException {
    stagePom(artifactId, version,
        "<parent><groupId>dev.mxsdk</groupId><artifactId>mxsdk-parent</artifactId>"
            + "<version>" + version + "</version></parent>\n"
            + "  <name>" + artifactId + "</name>\n  <description>A library.</description>\n"
            + "  <dependencies>" + dependencies + "</dependencies>\n",
        true);
    String base = artifactId + "-" + version;
    stage(artifactId, version, base + ".jar", jar("dev/mxsdk/A.class", "dev.mxsdk.core"));
    stage(artifactId, version, base + "-sources.jar", jar("dev/mxsdk/A.java", null));
    stage(artifactId, version, base + "-javadoc.jar", jar("index.html", null));
  }

  private void stagePom(String artifactId, String version, String body) throws IOException {
    stagePom(artifactId, version, body, false);
  }

  private void stagePom(String artifactId, String version, String body, boolean inheritsGroup)
      throws IOException {
    String pom = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + (inheritsGroup ? "" : "  <groupId>dev.mxsdk</groupId>\n")
        + "  <artifactId>" + artifactId + "</artifactId>\n"
        + (inheritsGroup ? "" : "  <version>" + version + "</version>\n")
        + "  " + body + "</project>\n";
    stage(artifactId, version, artifactId + "-" + version + ".pom",
        pom.getBytes(StandardCharsets.UTF_8));
  }

  private Path stage(String artifactId, String version, String name, byte[] content)
      throws IOException {
    Path dir = staging.resolve("dev/mxsdk/" + artifactId + "/" + version);
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.write(file, content);
    Files.write(dir.resolve(name + ".md5"), hex("MD5", content).getBytes(StandardCharsets.US_ASCII));
    Files.write(dir.resolve(name + ".sha1"), hex("SHA-1", content).getBytes(StandardCharsets.US_ASCII));
    return file;
  }

  private Path file(String artifactId, String version, String name) {
    return staging.resolve("dev/mxsdk/" + artifactId + "/" + version + "/" + name);
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      StringBuilder out = new StringBuilder();
      for (byte b : MessageDigest.getInstance(algorithm).digest(content)) {
        out.append(String.format("%02x", b & 0xff));
      }
      return out.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] jar(String entry, String moduleName) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (moduleName != null) manifest.getMainAttributes().putValue("Automatic-Module-Name", moduleName);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = bytes; JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.putNextEntry(new ZipEntry(entry));
      j.write(1);
      j.closeEntry();
    }
    return bytes.toByteArray();
  }

  private static void assertProblem(List<String> problems, String expected) {
    assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
        "expected a problem containing '" + expected + "' in " + problems);
  }

  @Test
  void aCompleteSnapshotSetPassesEvenWithSnapshotDependencies() throws IOException {
    stageGoodSet("0.1.0-SNAPSHOT", "<dependency><groupId>dev.mxsdk</groupId>"
        + "<artifactId>other</artifactId><version>0.1.0-SNAPSHOT</version></dependency>");
    assertEquals(Collections.emptyList(), check());
  }

  @Test
  void aCompleteReleaseSetPasses() throws IOException {
    stageGoodSet("0.1.0", "<dependency><groupId>com.squareup.okhttp3</groupId>"
        + "<artifactId>okhttp</artifactId><version>${okhttp.version}</version></dependency>");
    assertEquals(Collections.emptyList(), check());
  }

  @Test
  void aReleaseWithASnapshotDependencyFails() throws IOException {
    stageGoodSet("0.1.0", "<dependency><groupId>com.example</groupId>"
        + "<artifactId>lib</artifactId><version>2.0-SNAPSHOT</version></dependency>");
    assertProblem(check(), "dev.mxsdk:sdk-core:0.1.0 is a release with SNAPSHOT dependency"
        + " com.example:lib:2.0-SNAPSHOT");
  }

  @Test
  void aReleaseWithASnapshotThroughAPropertyOrManagedInTheParentFails() throws IOException {
    stagePom("mxsdk-parent", "0.1.0", "<packaging>pom</packaging>\n"
        + "  <name>parent</name>\n  <description>The parent.</description>\n" + METADATA
        + "  <properties><lib.version>3.1-SNAPSHOT</lib.version></properties>\n"
        + "  <dependencyManagement><dependencies><dependency><groupId>com.example</groupId>"
        + "<artifactId>managed</artifactId><version>${lib.version}</version></dependency>"
        + "</dependencies></dependencyManagement>\n");
    stageLibrary("sdk-core", "0.1.0", "<dependency><groupId>com.example</groupId>"
        + "<artifactId>lib</artifactId><version>${lib.version}</version></dependency>");
    List<String> problems = check();
    assertProblem(problems, "SNAPSHOT dependency com.example:lib:3.1-SNAPSHOT");
    assertProblem(problems, "SNAPSHOT dependency com.example:managed:3.1-SNAPSHOT (managed in"
        + " dev.mxsdk:mxsdk-parent)");
  }

  @Test
  void aReleaseWithASnapshotParentFails() throws IOException {
    stageGoodSet("0.1.0", "");
    stagePom("sdk-media", "0.1.0", "<parent><groupId>dev.mxsdk</groupId>"
        + "<artifactId>mxsdk-parent</artifactId><version>0.1.0-SNAPSHOT</version></parent>\n"
        + "  <packaging>pom</packaging><name>media</name><description>d</description>\n");
    assertProblem(check(), "release with SNAPSHOT parent dev.mxsdk:mxsdk-parent:0.1.0-SNAPSHOT");
  }

  @Test
  void missingJavadocSourcesAndChecksumsFail() throws IOException {
    stageGoodSet("0.1.0", "");
    Files.delete(file("sdk-core", "0.1.0", "sdk-core-0.1.0-javadoc.jar"));
    Files.delete(file("sdk-core", "0.1.0", "sdk-core-0.1.0-sources.jar.sha1"));
    List<String> problems = check();
    assertProblem(problems, "missing dev/mxsdk/sdk-core/0.1.0/sdk-core-0.1.0-javadoc.jar");
    assertProblem(problems, "missing checksum dev/mxsdk/sdk-core/0.1.0/sdk-core-0.1.0-sources.jar.sha1");
  }

  @Test
  void aChecksumThatDoesNotMatchFails() throws IOException {
    stageGoodSet("0.1.0", "");
    Files.write(file("sdk-core", "0.1.0", "sdk-core-0.1.0.jar.md5"),
        "00112233445566778899aabbccddeeff".getBytes(StandardCharsets.US_ASCII));
    Files.write(file("sdk-core", "0.1.0", "sdk-core-0.1.0.pom.sha256"),
        "0000".getBytes(StandardCharsets.US_ASCII));
    List<String> problems = check();
    assertProblem(problems, "checksum dev/mxsdk/sdk-core/0.1.0/sdk-core-0.1.0.jar.md5 does not match");
    assertProblem(problems, "checksum dev/mxsdk/sdk-core/0.1.0/sdk-core-0.1.0.pom.sha256 does not match");
  }

  @Test
  void missingMetadataFailsWhenNoStagedParentHasIt() throws IOException {
    stagePom("sdk-bom", "0.1.0", "<packaging>pom</packaging>\n"
        + "  <url>https://example.org</url>\n"
        + "  <licenses><license><name>Apache-2.0</name></license></licenses>\n"
        + "  <scm><url>https://example.org</url></scm>\n");
    List<String> problems = check();
    assertProblem(problems, "dev.mxsdk:sdk-bom: POM has no <name> of its own");
    assertProblem(problems, "dev.mxsdk:sdk-bom: POM has no <description> of its own");
    assertProblem(problems, "dev.mxsdk:sdk-bom: a <license> lacks <name> or <url>");
    assertProblem(problems, "dev.mxsdk:sdk-bom: POM has no <scm><connection>");
    assertProblem(problems, "dev.mxsdk:sdk-bom: POM has no <developers>");
  }

  @Test
  void theMainJarNeedsAnAutomaticModuleName() throws IOException {
    stageGoodSet("0.1.0", "");
    stage("sdk-core", "0.1.0", "sdk-core-0.1.0.jar", jar("dev/mxsdk/A.class", "${automatic.module.name}"));
    assertProblem(check(), "Automatic-Module-Name '${automatic.module.name}'");
  }

  @Test
  void signaturesAreRequiredOnlyWhenAsked() throws IOException {
    stageGoodSet("0.1.0", "");
    assertEquals(Collections.emptyList(), check());
    List<String> problems = new ReleaseCheck(staging, true).run();
    assertProblem(problems, "missing signature dev/mxsdk/sdk-core/0.1.0/sdk-core-0.1.0.jar.asc");
  }

  @Test
  void differentVersionsFail() throws IOException {
    stageGoodSet("0.1.0", "");
    stageLibrary("sdk-media", "0.1.0", "");
    stagePom("sdk-bom", "0.0.9", "<packaging>pom</packaging><name>bom</name><description>d"
        + "</description>\n" + METADATA);
    assertProblem(check(), "staged artifacts have different versions [0.0.9, 0.1.0]");
  }

  private void stageBom(String version, String... managed) throws IOException {
    StringBuilder entries = new StringBuilder();
    for (String artifactId : managed) {
      entries.append("<dependency><groupId>dev.mxsdk</groupId><artifactId>").append(artifactId)
          .append("</artifactId><version>${project.version}</version></dependency>");
    }
    stagePom("sdk-bom", version, "<packaging>pom</packaging><name>bom</name><description>d"
        + "</description>\n" + METADATA + "  <dependencyManagement><dependencies>" + entries
        + "</dependencies></dependencyManagement>\n");
  }

  @Test
  void theBomManagesExactlyThePublishedJars() throws IOException {
    stageGoodSet("0.1.0", "");
    stageLibrary("sdk-media", "0.1.0", "");
    stageBom("0.1.0", "sdk-core", "sdk-media");
    assertEquals(Collections.emptyList(), check());

    stageLibrary("sdk-media-server", "0.1.0", "");
    stageBom("0.1.0", "sdk-core", "sdk-media", "sdk-cli");
    List<String> problems = check();
    assertProblem(problems, "dev.mxsdk:sdk-bom does not manage published dev.mxsdk:sdk-media-server");
    assertProblem(problems, "dev.mxsdk:sdk-bom manages dev.mxsdk:sdk-cli, which is not staged");
  }

  @Test
  void aBomWithAParentFails() throws IOException {
    stageGoodSet("0.1.0", "");
    stagePom("sdk-bom", "0.1.0", "<parent><groupId>dev.mxsdk</groupId>"
        + "<artifactId>mxsdk-parent</artifactId><version>0.1.0</version></parent>\n"
        + "  <packaging>pom</packaging><name>bom</name><description>d</description>\n"
        + "  <dependencyManagement><dependencies><dependency><groupId>dev.mxsdk</groupId>"
        + "<artifactId>sdk-core</artifactId><version>0.1.0</version></dependency>"
        + "</dependencies></dependencyManagement>\n");
    assertProblem(check(), "a BOM must not have a parent");
  }

  @Test
  void anEmptyOrMissingStagingDirectoryFails() throws IOException {
    assertProblem(check(), "nothing staged");
    assertProblem(new ReleaseCheck(staging.resolve("absent"), false).run(), "no staging directory");
  }
}
