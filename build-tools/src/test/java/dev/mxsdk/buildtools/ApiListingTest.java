package dev.mxsdk.buildtools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.buildtools.fixture.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ApiListingTest {
  @TempDir Path temp;
  private Path classes;
  private String listing;

  /** The fixture package's class files, alone in a directory like a module's target/classes. */
  @BeforeEach
  void copyFixtureClasses() throws IOException, URISyntaxException {
    Path testClasses =
        Paths.get(Sample.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path fixture = testClasses.resolve("dev/mxsdk/buildtools/fixture");
    classes = temp.resolve("classes");
    try (Stream<Path> files = Files.walk(fixture)) {
      for (Path file : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path target = classes.resolve(testClasses.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    listing = ApiListing.generate("fixture", classes, getClass().getClassLoader());
  }

  private List<String> lines() {
    return Arrays.asList(listing.split("\n"));
  }

  @Test
  void listsPublicAndProtectedMembersWithGenericSignatures() {
    List<String> lines = lines();
    String sample = "public final class dev.mxsdk.buildtools.fixture.Sample<T extends"
        + " java.lang.Comparable<T>>";
    assertTrue(lines.contains(sample), listing);
    assertTrue(lines.contains("  public <init>()"), listing);
    assertTrue(lines.contains("  public static final int LIMIT"), listing);
    assertTrue(lines.contains("  protected int count"), listing);
    assertTrue(lines.contains("  public @Nullable java.lang.String name()"), listing);
    assertTrue(lines.contains("  public static <K, V extends java.util.List<? super K>>"
        + " java.util.Map<K, V> index(java.util.List<? extends K>, V...)"
        + " throws java.io.IOException, java.lang.IllegalStateException"), listing);
    assertTrue(lines.contains("  protected void hook(int[], T)"), listing);
    assertTrue(lines.contains("  @Deprecated public void old()"), listing);
  }

  @Test
  void leavesOutWhatIsNotApi() {
    assertFalse(listing.contains("packagePrivate"), listing);
    assertFalse(listing.contains("secret"), listing);
    assertFalse(listing.contains("privateMethod"), listing);
    assertFalse(listing.contains("lambda$"), listing);
    assertFalse(listing.contains("Hidden"), listing);
    assertFalse(listing.contains("notApi"), listing);
    String withoutHeader = listing.replace("*.internal packages", "");
    assertFalse(withoutHeader.contains("internal"), withoutHeader);
    assertFalse(listing.contains("class dev.mxsdk.buildtools.fixture.Base"), listing);
  }

  @Test
  void listsNestedTypesEnumsInterfacesAndInheritedMembersOfHiddenSuperclasses() {
    List<String> lines = lines();
    assertTrue(lines.contains("public static final class dev.mxsdk.buildtools.fixture.Sample$Builder"), listing);
    assertTrue(lines.contains("  public dev.mxsdk.buildtools.fixture.Sample$Builder limit(int)"), listing);
    assertTrue(lines.contains("public static enum dev.mxsdk.buildtools.fixture.Sample$Mode"), listing);
    assertTrue(lines.contains("  public static final dev.mxsdk.buildtools.fixture.Sample$Mode FAST"), listing);
    assertTrue(lines.contains("public static interface dev.mxsdk.buildtools.fixture.Sample$Callback"), listing);
    assertTrue(lines.contains("  public void onDone(dev.mxsdk.buildtools.fixture.Sample<?>)"), listing);
    assertTrue(lines.contains("  public default void onFailure(java.io.IOException)"), listing);
    assertTrue(lines.contains("public class dev.mxsdk.buildtools.fixture.Derived extends"
        + " dev.mxsdk.buildtools.fixture.Base implements java.lang.Runnable"), listing);
    assertTrue(lines.contains("  protected <init>()"), listing);
    assertTrue(lines.contains("  public java.lang.String inherited()"), listing);
  }

  @Test
  void isSortedAndStable() throws IOException {
    assertEquals(listing, ApiListing.generate("fixture", classes, getClass().getClassLoader()));
    List<String> types = lines().stream().filter(l -> !l.startsWith(" ") && !l.startsWith("#"))
        .map(l -> l.replaceFirst("^.*? (dev\\.mxsdk\\.[^ <]+).*$", "$1"))
        .collect(Collectors.toList());
    assertEquals(types.stream().sorted().collect(Collectors.toList()), types);
    assertTrue(listing.startsWith("# API of fixture:"), listing);
    assertTrue(listing.contains(ApiListing.REGENERATE), listing);
  }

  @Test
  void aMissingListingFailsAndSaysHowToGenerateIt() throws IOException {
    Path file = temp.resolve("api/fixture.api");
    String problem = ApiListing.compareOrUpdate("fixture", file, listing, false);
    assertNotNull(problem);
    assertTrue(problem.contains("mvn -B verify -Dapi.update=true"), problem);
    assertFalse(Files.exists(file));
  }

  @Test
  void updateWritesTheListingAndThenItMatches() throws IOException {
    Path file = temp.resolve("api/fixture.api");
    assertNull(ApiListing.compareOrUpdate("fixture", file, listing, true));
    assertEquals(listing, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    assertNull(ApiListing.compareOrUpdate("fixture", file, listing, false));
  }

  @Test
  void aListingCheckedOutWithCrlfLineEndingsStillMatches() throws IOException {
    Path file = temp.resolve("fixture.api");
    Files.write(file, listing.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    assertNull(ApiListing.compareOrUpdate("fixture", file, listing, false));
  }

  @Test
  void aChangedApiFailsWithTheDifferenceAndTheCommandToRegenerate() throws IOException {
    Path file = temp.resolve("fixture.api");
    String changed = listing.replace("  protected int count\n", "")
        .replace("  public @Nullable", "  public void added()\n  public @Nullable");
    Files.write(file, changed.getBytes(StandardCharsets.UTF_8));
    String problem = ApiListing.compareOrUpdate("fixture", file, listing, false);
    assertNotNull(problem);
    assertTrue(problem.contains("  + protected int count"), problem);
    assertTrue(problem.contains("  - public void added()"), problem);
    assertTrue(problem.contains("in public final class dev.mxsdk.buildtools.fixture.Sample"), problem);
    assertTrue(problem.contains("mvn -B verify -Dapi.update=true"), problem);
    assertEquals(changed, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  @Test
  void checksTheAutomaticModuleName() throws IOException {
    assertNull(ApiListing.checkAutomaticModuleName(jar("good.jar", "dev.mxsdk.core")));
    String missing = ApiListing.checkAutomaticModuleName(jar("none.jar", null));
    assertTrue(missing.contains("missing"), missing);
    String literal = ApiListing.checkAutomaticModuleName(jar("bad.jar", "${automatic.module.name}"));
    assertTrue(literal.contains("<automatic.module.name>"), literal);
    assertNull(ApiListing.checkAutomaticModuleName(temp.resolve("not-built.jar")));
  }

  private Path jar(String name, String moduleName) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (moduleName != null) manifest.getMainAttributes().putValue("Automatic-Module-Name", moduleName);
    Path jar = temp.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
      j.flush();
    }
    return jar;
  }
}
