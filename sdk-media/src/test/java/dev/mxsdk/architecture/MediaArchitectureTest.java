package dev.mxsdk.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.mxsdk.buildtools.ArchitectureRules;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * sdk-media obeys docs/ARCHITECTURE.md: its package graph is exactly the documented one (a new
 * edge must be documented, a documented edge that no code has any more must go), the packages
 * below the API never call back into it, no two classes depend on each other in a cycle, and no
 * other module's internals are used.
 */
final class MediaArchitectureTest {
  /** The API's entry points, which nothing below the root package may use. */
  static final Pattern API_ENTRY_POINTS =
      Pattern.compile("MediaClient|Real.*|.*Call|.*Response|Attachments|EncryptingSource");

  private final JavaClasses classes = ArchitectureRules.mainClasses();

  @Test
  void thePackageGraphIsTheDocumentedOne() throws Exception {
    Set<String> documented = ArchitectureRules.documentedEdges(
        ArchitectureRules.projectFile("docs/ARCHITECTURE.md"), "## sdk-media's packages");
    Set<String> actual =
        ArchitectureRules.packageEdges(classes, "dev.mxsdk.media", "dev.mxsdk");
    Set<String> undocumented = new TreeSet<>(actual);
    undocumented.removeAll(documented);
    Set<String> stale = new TreeSet<>(documented);
    stale.removeAll(actual);
    assertEquals(Set.of(), undocumented, "package dependencies missing from docs/ARCHITECTURE.md");
    assertEquals(Set.of(), stale, "documented package dependencies no code has");
  }

  @Test
  void nothingBelowTheApiCallsBackIntoIt() {
    assertEquals(List.of(),
        ArchitectureRules.callsBackIntoTheApi(classes, "dev.mxsdk.media", API_ENTRY_POINTS));
  }

  @Test
  void noTwoClassesDependOnEachOtherInACycle() {
    assertEquals(List.of(), ArchitectureRules.classCycles(classes, "dev.mxsdk.media"));
  }

  @Test
  void usesNoOtherModulesInternalPackage() {
    assertEquals(List.of(), ArchitectureRules.foreignInternalUses(classes, "dev.mxsdk.media"));
  }
}
