package dev.mxsdk.buildtools;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates and checks a library's API listing: its public and protected types and members
 * outside {@code *.internal*} packages, with signatures, sorted, one per line.
 *
 * <p>Run by every published library's build in {@code verify} (the parent POM's {@code
 * api-listing} profile) straight from this source file, so it needs nothing installed and only the
 * JDK: {@code java -cp <module classpath> ApiListing.java --artifact A --classes DIR --listing
 * FILE [--jar JAR] [--update true]}. Without {@code --update true} it fails when the listing
 * generated from the classes differs from the committed FILE, printing the difference; with it, it
 * rewrites FILE. With {@code --jar} it also checks the jar's {@code Automatic-Module-Name}.
 *
 * <p>Classes are loaded without being initialized; the listing depends only on the class files.
 */
public final class ApiListing {
  static final String REGENERATE = "mvn -B verify -Dapi.update=true";
  private static final Pattern MODULE_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private ApiListing() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw usage("unexpected argument " + args[i]);
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) throw usage("missing value after " + args[args.length - 1]);
    String artifact = required(options, "artifact");
    Path classes = Paths.get(required(options, "classes"));
    Path listing = Paths.get(required(options, "listing"));
    boolean update = Boolean.parseBoolean(options.getOrDefault("update", "false"));
    String jar = options.get("jar");

    List<String> problems = new ArrayList<>();
    if (jar != null) {
      String problem = checkAutomaticModuleName(Paths.get(jar));
      if (problem != null) problems.add(problem);
    }
    if (!Files.isDirectory(classes)) {
      System.out.println("[api] " + artifact + ": no classes at " + classes + ", nothing to list");
    } else {
      String generated = generate(artifact, classes, ApiListing.class.getClassLoader());
      String problem = compareOrUpdate(artifact, listing, generated, update);
      if (problem != null) problems.add(problem);
    }
    if (!problems.isEmpty()) {
      for (String problem : problems) System.err.println(problem);
      System.exit(1);
    }
  }

  private static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(
        message + "; usage: ApiListing --artifact A --classes DIR --listing FILE [--jar JAR]"
            + " [--update true|false]");
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) throw usage("--" + name + " is required");
    return value;
  }

  /** Returns null when the jar's manifest names a valid module, else what is wrong. */
  static String checkAutomaticModuleName(Path jar) throws IOException {
    if (!Files.isRegularFile(jar)) return null; // not packaged in this build (e.g. mvn test)
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String name =
          manifest == null ? null : manifest.getMainAttributes().getValue("Automatic-Module-Name");
      if (name == null || !MODULE_NAME.matcher(name).matches()) {
        return "[api] " + jar.getFileName() + ": Automatic-Module-Name is "
            + (name == null ? "missing" : "'" + name + "'")
            + "; set <automatic.module.name>dev.mxsdk.NAME</automatic.module.name> in the"
            + " module's pom.xml";
      }
    }
    return null;
  }

  /**
   * Compares the generated listing with the committed one, or rewrites it when {@code update}.
   * Returns null when they agree (or after an update), else the failure message with a diff.
   */
  static String compareOrUpdate(String artifact, Path listing, String generated, boolean update)
      throws IOException {
    // A checkout with CRLF line endings (core.autocrlf) is still the same listing.
    String committed =
        Files.exists(listing)
            ? new String(Files.readAllBytes(listing), StandardCharsets.UTF_8).replace("\r\n", "\n")
            : null;
    if (generated.equals(committed)) {
      System.out.println("[api] " + artifact + ": API matches " + listing.getFileName());
      return null;
    }
    if (update) {
      Files.createDirectories(listing.toAbsolutePath().getParent());
      Files.write(listing, generated.getBytes(StandardCharsets.UTF_8));
      System.out.println("[api] " + artifact + ": wrote " + listing + " (commit it)");
      return null;
    }
    if (committed == null) {
      return "[api] " + artifact + " has no API listing at " + listing
          + ".\n  Generate it with: " + REGENERATE + "\n  and commit it.";
    }
    return "[api] The public API of " + artifact + " differs from " + listing + ":\n"
        + diff(committed, generated)
        + "  If the change is intended, run: " + REGENERATE + "\n"
        + "  and commit the listing (the diff then shows the API change); otherwise undo it.";
  }

  /** Lines only in the committed listing ("-") and only in the generated one ("+"). */
  static String diff(String committed, String generated) {
    List<String> old = Arrays.asList(committed.split("\n", -1));
    List<String> now = Arrays.asList(generated.split("\n", -1));
    Set<String> oldSet = new LinkedHashSet<>(old);
    Set<String> nowSet = new LinkedHashSet<>(now);
    StringBuilder out = new StringBuilder();
    String type = null;
    for (String line : union(old, now)) {
      if (!line.startsWith(" ")) type = line;
      boolean removed = oldSet.contains(line) && !nowSet.contains(line);
      boolean added = nowSet.contains(line) && !oldSet.contains(line);
      if (!removed && !added) continue;
      if (line.startsWith(" ") && type != null && oldSet.contains(type) && nowSet.contains(type)) {
        out.append("    in ").append(type).append('\n');
        type = null; // printed once per type
      }
      out.append(removed ? "  - " : "  + ").append(line.trim()).append('\n');
    }
    return out.length() == 0 ? "  (only line endings or order differ)\n" : out.toString();
  }

  private static List<String> union(List<String> a, List<String> b) {
    // Both are sorted by type, members inside; merging keeps additions next to their type.
    List<String> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (j >= b.size()) out.add(a.get(i++));
      else if (i >= a.size()) out.add(b.get(j++));
      else if (a.get(i).equals(b.get(j))) {
        out.add(a.get(i++));
        j++;
      } else if (!b.subList(j, b.size()).contains(a.get(i))) out.add(a.get(i++));
      else out.add(b.get(j++));
    }
    return out;
  }

  /** The listing of every exported type under {@code classes}, loaded through {@code loader}. */
  static String generate(String artifact, Path classes, ClassLoader loader) throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .map(p -> classes.relativize(p).toString().replace('\\', '/'))
              .filter(p -> !p.endsWith("module-info.class") && !p.endsWith("package-info.class"))
              .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
              .filter(n -> !isInternalPackage(packageOf(n)))
              .sorted()
              .collect(Collectors.toList());
    }
    TreeMap<String, List<String>> types = new TreeMap<>();
    for (String name : names) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name + " for the API listing: " + e, e);
      }
      if (!isExported(c)) continue;
      types.put(c.getName(), members(c));
    }
    StringBuilder out = new StringBuilder();
    out.append("# API of ").append(artifact)
        .append(": public and protected types and members outside *.internal packages.\n")
        .append("# Generated from the class files; to regenerate after a deliberate change: ")
        .append(REGENERATE).append('\n');
    for (Map.Entry<String, List<String>> type : types.entrySet()) {
      try {
        out.append(typeHeader(Class.forName(type.getKey(), false, loader))).append('\n');
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
      for (String member : type.getValue()) out.append("  ").append(member).append('\n');
    }
    return out.toString();
  }

  static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  static boolean isInternalPackage(String pkg) {
    return ("." + pkg + ".").contains(".internal.");
  }

  /** Public or protected, not synthetic, local or anonymous, and so is every enclosing type. */
  static boolean isExported(Class<?> c) {
    for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
      if (t.isSynthetic() || t.isAnonymousClass() || t.isLocalClass()) return false;
      int m = t.getModifiers();
      if (!Modifier.isPublic(m) && !Modifier.isProtected(m)) return false;
      if (t.getDeclaringClass() == null && t.getEnclosingClass() != null) return false;
    }
    return !isInternalPackage(packageOf(c.getName()));
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  static String typeHeader(Class<?> c) {
    StringBuilder out = new StringBuilder();
    out.append(deprecated(c));
    int m = c.getModifiers();
    String kind;
    int mask = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC;
    if (c.isAnnotation()) {
      kind = "@interface";
    } else if (c.isInterface()) {
      kind = "interface";
    } else if (c.isEnum()) {
      kind = "enum";
    } else {
      kind = "class";
      mask |= Modifier.ABSTRACT | Modifier.FINAL;
    }
    String modifiers = Modifier.toString(m & mask);
    if (!modifiers.isEmpty()) out.append(modifiers).append(' ');
    out.append(kind).append(' ').append(c.getName()).append(typeParameters(c.getTypeParameters()));
    Type superclass = c.getGenericSuperclass();
    if (!c.isInterface() && !c.isEnum() && superclass != null && superclass != Object.class) {
      out.append(" extends ").append(typeName(superclass));
    }
    List<String> interfaces = new ArrayList<>();
    for (Type i : c.getGenericInterfaces()) {
      if (c.isAnnotation() && i == java.lang.annotation.Annotation.class) continue;
      interfaces.add(typeName(i));
    }
    if (!interfaces.isEmpty()) {
      out.append(c.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
    }
    return out.toString();
  }

  /**
   * The type's public and protected constructors, methods and fields, sorted; also those it
   * inherits from superclasses that are not themselves exported (callable on this type, so API).
   */
  static List<String> members(Class<?> c) {
    Set<String> out = new TreeSet<>();
    for (Class<?> t = c; t != null && t != Object.class; t = t.getSuperclass()) {
      if (t != c && isExported(t)) break; // listed under its own name
      if (t == c) {
        for (Constructor<?> k : t.getDeclaredConstructors()) {
          if (visible(k.getModifiers()) && !k.isSynthetic()) out.add(constructor(k));
        }
      }
      for (Method method : t.getDeclaredMethods()) {
        if (visible(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          out.add(method(method));
        }
      }
      for (Field field : t.getDeclaredFields()) {
        if (visible(field.getModifiers()) && !field.isSynthetic()) out.add(field(field));
      }
    }
    return new ArrayList<>(out);
  }

  private static String constructor(Constructor<?> k) {
    return deprecated(k) + modifiers(k.getModifiers(), Modifier.PUBLIC | Modifier.PROTECTED)
        + typeParameters(k.getTypeParameters()) + "<init>" + parameters(k) + exceptions(k);
  }

  private static String method(Method method) {
    int mask = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL;
    if (!method.getDeclaringClass().isInterface()) mask |= Modifier.ABSTRACT;
    String modifiers = modifiers(method.getModifiers(), mask);
    if (method.isDefault()) modifiers += "default ";
    String typeParameters = typeParameters(method.getTypeParameters());
    return deprecated(method) + modifiers + (typeParameters.isEmpty() ? "" : typeParameters + " ")
        + annotatedTypeName(method.getAnnotatedReturnType(), method.getGenericReturnType()) + ' '
        + method.getName() + parameters(method) + exceptions(method);
  }

  private static String field(Field field) {
    int mask = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL;
    return deprecated(field) + modifiers(field.getModifiers(), mask)
        + annotatedTypeName(field.getAnnotatedType(), field.getGenericType()) + ' '
        + field.getName();
  }

  private static String deprecated(AnnotatedElement element) {
    return element.isAnnotationPresent(Deprecated.class) ? "@Deprecated " : "";
  }

  private static String modifiers(int modifiers, int mask) {
    String s = Modifier.toString(modifiers & mask);
    return s.isEmpty() ? "" : s + ' ';
  }

  private static String parameters(Executable e) {
    Type[] types = e.getGenericParameterTypes();
    AnnotatedType[] annotated = e.getAnnotatedParameterTypes();
    // Inner-class constructors and enum constructors can have more generic types than annotated
    // ones or the reverse; fall back to the erased types when the counts disagree.
    if (types.length != annotated.length) types = e.getParameterTypes();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String name = annotatedTypeName(i < annotated.length ? annotated[i] : null, types[i]);
      if (e.isVarArgs() && i == types.length - 1 && name.endsWith("[]")) {
        name = name.substring(0, name.length() - 2) + "...";
      }
      out.add(name);
    }
    return "(" + String.join(", ", out) + ")";
  }

  private static String exceptions(Executable e) {
    Type[] types = e.getGenericExceptionTypes();
    if (types.length == 0) return "";
    List<String> out = new ArrayList<>();
    for (Type t : types) out.add(typeName(t));
    out.sort(null);
    return " throws " + String.join(", ", out);
  }

  /** The type's name, with a leading {@code @Nullable} when the type use is annotated so. */
  private static String annotatedTypeName(AnnotatedType annotated, Type type) {
    String prefix = "";
    if (annotated != null) {
      for (java.lang.annotation.Annotation a : annotated.getAnnotations()) {
        if (a.annotationType().getSimpleName().equals("Nullable")) prefix = "@Nullable ";
      }
    }
    return prefix + typeName(type);
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) return "";
    List<String> out = new ArrayList<>();
    for (TypeVariable<?> v : variables) {
      List<String> bounds = new ArrayList<>();
      for (Type b : v.getBounds()) if (b != Object.class) bounds.add(typeName(b));
      out.add(v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
    }
    return "<" + String.join(", ", out) + ">";
  }

  static String typeName(Type type) {
    if (type instanceof Class) {
      Class<?> c = (Class<?>) type;
      return c.isArray() ? typeName(c.getComponentType()) + "[]" : c.getName();
    }
    if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      StringBuilder out = new StringBuilder();
      Type owner = p.getOwnerType();
      if (owner instanceof ParameterizedType) {
        out.append(typeName(owner)).append('$')
            .append(((Class<?>) p.getRawType()).getSimpleName());
      } else {
        out.append(typeName(p.getRawType()));
      }
      List<String> args = new ArrayList<>();
      for (Type a : p.getActualTypeArguments()) args.add(typeName(a));
      return out.append('<').append(String.join(", ", args)).append('>').toString();
    }
    if (type instanceof GenericArrayType) {
      return typeName(((GenericArrayType) type).getGenericComponentType()) + "[]";
    }
    if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      if (w.getLowerBounds().length > 0) return "? super " + typeName(w.getLowerBounds()[0]);
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + typeName(upper[0]);
    }
    if (type instanceof TypeVariable) return ((TypeVariable<?>) type).getName();
    return type.getTypeName();
  }
}
