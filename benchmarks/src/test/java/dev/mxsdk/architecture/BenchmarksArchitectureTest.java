package dev.mxsdk.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.mxsdk.buildtools.ArchitectureRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** benchmarks obeys docs/ARCHITECTURE.md: it uses only the public API of the other modules. */
final class BenchmarksArchitectureTest {
  private final JavaClasses classes = ArchitectureRules.mainClasses();

  @Test
  void usesNoOtherModulesInternalPackage() {
    assertEquals(List.of(), ArchitectureRules.foreignInternalUses(classes, "dev.mxsdk.benchmarks"));
  }
}
