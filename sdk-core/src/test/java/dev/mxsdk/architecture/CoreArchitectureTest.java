package dev.mxsdk.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.mxsdk.buildtools.ArchitectureRules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** sdk-core obeys docs/ARCHITECTURE.md: no other module's internals, no class cycles. */
final class CoreArchitectureTest {
  private final JavaClasses classes = ArchitectureRules.mainClasses();

  @Test
  void usesNoOtherModulesInternalPackage() {
    assertEquals(List.of(), ArchitectureRules.foreignInternalUses(classes, "dev.mxsdk.core"));
  }

  @Test
  void noTwoClassesDependOnEachOtherInACycle() {
    assertEquals(List.of(), ArchitectureRules.classCycles(classes, "dev.mxsdk.core"));
  }
}
