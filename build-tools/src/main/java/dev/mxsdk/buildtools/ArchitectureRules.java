package dev.mxsdk.buildtools;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The architecture rules of docs/ARCHITECTURE.md, shared by every module's {@code
 * ArchitectureTest} (in every module's test scope): no module uses
 * another module's {@code internal} package, no two classes depend on each other in a cycle, and
 * a module's package graph is exactly the one its document lists.
 */
public final class ArchitectureRules {
  private static final Pattern INTERNAL = Pattern.compile("^(dev\\.mxsdk\\.[a-z.]+?)\\.internal(\\..*)?$");

  private ArchitectureRules() {}

  /** The module's own main classes: {@code target/classes} of the module under test. */
  public static JavaClasses mainClasses() {
    return new ClassFileImporter().importPath(Paths.get("target", "classes"));
  }

  /**
   * Messages for each use of another module's {@code internal} package: a package
   * {@code R.internal...} belongs to the module whose root is {@code R} (sdk-media-server's
   * {@code dev.mxsdk.media.server.internal} is not sdk-media's).
   */
  public static List<String> foreignInternalUses(JavaClasses classes, String ownRoot) {
    List<String> problems = new ArrayList<>();
    for (JavaClass c : classes) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        Matcher m = INTERNAL.matcher(d.getTargetClass().getPackageName());
        if (m.matches() && !m.group(1).equals(ownRoot)) {
          problems.add(c.getName() + " uses " + d.getTargetClass().getName());
        }
      }
    }
    return problems;
  }

  /**
   * The cycles among the module's top-level classes (a nested class counts as its outer class,
   * with which it naturally shares references), each as its classes' names.
   */
  public static List<Set<String>> classCycles(JavaClasses classes, String root) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (JavaClass c : classes) {
      String from = topLevel(c);
      if (!from.startsWith(root + ".")) continue;
      Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String target = topLevel(d.getTargetClass());
        if (target.startsWith(root + ".") && !target.equals(from)) to.add(target);
      }
    }
    return new Tarjan(graph).components();
  }

  private static String topLevel(JavaClass c) {
    String name = c.getName();
    int dollar = name.indexOf('$');
    return dollar < 0 ? name : name.substring(0, dollar);
  }

  /**
   * The package dependencies among classes under {@code root}, as {@code "a -> b"} with both
   * names relative to {@code base} (e.g. {@code media.internal.flow -> media.codec} for base
   * {@code dev.mxsdk}).
   */
  public static Set<String> packageEdges(JavaClasses classes, String root, String base) {
    Set<String> edges = new TreeSet<>();
    for (JavaClass c : classes) {
      String from = c.getPackageName();
      if (!from.equals(root) && !from.startsWith(root + ".")) continue;
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = d.getTargetClass().getPackageName();
        if (to.equals(from) || (!to.equals(root) && !to.startsWith(root + "."))) continue;
        edges.add(relative(from, base) + " -> " + relative(to, base));
      }
    }
    return edges;
  }

  /**
   * Classes below {@code root} (in any sub-package) that use a class of the {@code root} package
   * itself whose simple name matches {@code apiEntryPoints}: the layers below the API must not
   * call back into it.
   */
  public static List<String> callsBackIntoTheApi(JavaClasses classes, String root,
      Pattern apiEntryPoints) {
    List<String> problems = new ArrayList<>();
    for (JavaClass c : classes) {
      if (!c.getPackageName().startsWith(root + ".")) continue;
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (target.getPackageName().equals(root)
            && apiEntryPoints.matcher(topLevelSimpleName(target)).matches()) {
          problems.add(c.getName() + " uses " + target.getName());
        }
      }
    }
    return problems;
  }

  private static String topLevelSimpleName(JavaClass c) {
    String name = topLevel(c);
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static String relative(String pkg, String base) {
    return pkg.startsWith(base + ".") ? pkg.substring(base.length() + 1) : pkg;
  }

  /**
   * The {@code a -> b} lines of the first fenced block after {@code heading} in
   * {@code document}; anything after the target (a comment in parentheses) is ignored.
   */
  public static Set<String> documentedEdges(Path document, String heading) throws IOException {
    List<String> lines = Files.readAllLines(document, StandardCharsets.UTF_8);
    Set<String> edges = new TreeSet<>();
    boolean afterHeading = false;
    boolean inBlock = false;
    for (String line : lines) {
      if (!afterHeading) {
        afterHeading = line.trim().equals(heading);
        continue;
      }
      if (line.startsWith("```")) {
        if (inBlock) return edges;
        inBlock = true;
        continue;
      }
      if (inBlock) {
        Matcher m = Pattern.compile("^\\s*([a-z.]+)\\s*->\\s*([a-z.]+)").matcher(line);
        if (m.find()) edges.add(m.group(1) + " -> " + m.group(2));
      }
    }
    throw new IllegalStateException("no fenced block after '" + heading + "' in " + document);
  }

  /** Finds the file at {@code relative} from this module's directory or one above. */
  public static Path projectFile(String relative) {
    Path here = Paths.get("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.exists(candidate)) return candidate;
    }
    throw new IllegalStateException(relative + " not found above " + here);
  }

  /** Tarjan's strongly connected components; those with more than one class are cycles. */
  private static final class Tarjan {
    private final Map<String, Set<String>> graph;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> result = new ArrayList<>();
    private int next;

    Tarjan(Map<String, Set<String>> graph) {
      this.graph = graph;
    }

    List<Set<String>> components() {
      for (String node : graph.keySet()) {
        if (!index.containsKey(node)) visit(node);
      }
      return result;
    }

    private void visit(String node) {
      index.put(node, next);
      low.put(node, next);
      next++;
      stack.push(node);
      onStack.add(node);
      for (String to : graph.getOrDefault(node, Set.of())) {
        if (!index.containsKey(to)) {
          visit(to);
          low.put(node, Math.min(low.get(node), low.get(to)));
        } else if (onStack.contains(to)) {
          low.put(node, Math.min(low.get(node), index.get(to)));
        }
      }
      if (low.get(node).equals(index.get(node))) {
        Set<String> component = new TreeSet<>();
        String member;
        do {
          member = stack.pop();
          onStack.remove(member);
          component.add(member);
        } while (!member.equals(node));
        if (component.size() > 1) result.add(component);
      }
    }
  }
}
