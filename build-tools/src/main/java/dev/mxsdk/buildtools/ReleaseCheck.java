package dev.mxsdk.buildtools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Checks a staged Maven repository (what {@code mvn -Prelease deploy} wrote to {@code
 * target/staging-deploy}) against Maven Central's rules, before anything is uploaded.
 *
 * <p>For every staged POM: a jar artifact has its jar, {@code -sources.jar} and {@code
 * -javadoc.jar} (a pom artifact only its POM); every file has a {@code .md5} and a {@code .sha1}
 * that match it ({@code .sha256}/{@code .sha512} are checked when present), and a {@code .asc}
 * signature with {@code --require-signatures}; the POM has its own name and description, and a
 * url, licenses (name and url), scm (url and connection) and developers, its own or inherited from
 * a staged parent; a release version (no {@code -SNAPSHOT}) has no SNAPSHOT parent, dependency or
 * managed dependency; all staged artifacts have one version; a main jar has a valid {@code
 * Automatic-Module-Name}, a sources jar has {@code .java} files and a javadoc jar an {@code
 * index.html}; a staged BOM ({@code *-bom}) has no parent and manages exactly the staged jar
 * artifacts of its group.
 *
 * <p>Only the JDK is needed, so it runs straight from source: {@code java
 * build-tools/src/main/java/dev/mxsdk/buildtools/ReleaseCheck.java target/staging-deploy
 * [--require-signatures]}. Exit code 0 when every rule holds, 1 otherwise (each problem on one
 * line), 2 on a usage error.
 */
public final class ReleaseCheck {
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final Pattern MODULE_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final String[] CHECKSUMS = {"md5", "sha1"};
  private static final String[][] OPTIONAL_CHECKSUMS = {
    {"sha256", "SHA-256"}, {"sha512", "SHA-512"}
  };

  private final Path root;
  private final boolean requireSignatures;
  private final List<String> problems = new ArrayList<>();
  private final List<String> checked = new ArrayList<>();
  private final Map<String, Pom> poms = new TreeMap<>();

  ReleaseCheck(Path root, boolean requireSignatures) {
    this.root = root;
    this.requireSignatures = requireSignatures;
  }

  public static void main(String[] args) throws IOException {
    Path dir = null;
    boolean signatures = false;
    for (String arg : args) {
      if (arg.equals("--require-signatures")) signatures = true;
      else if (dir == null && !arg.startsWith("--")) dir = Paths.get(arg);
      else {
        System.err.println("usage: ReleaseCheck STAGING_DIR [--require-signatures]");
        System.exit(2);
      }
    }
    if (dir == null) {
      System.err.println("usage: ReleaseCheck STAGING_DIR [--require-signatures]");
      System.exit(2);
    }
    ReleaseCheck check = new ReleaseCheck(dir, signatures);
    List<String> problems = check.run();
    for (String line : check.checked) System.out.println("checked " + line);
    for (String problem : problems) System.out.println("PROBLEM " + problem);
    System.out.println(
        "release check: " + check.checked.size() + " artifacts, " + problems.size() + " problems");
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /** Checks the staged set; returns the problems found, one line each (empty: all rules hold). */
  List<String> run() throws IOException {
    if (!Files.isDirectory(root)) {
      problems.add(root + ": no staging directory (run mvn -B -Prelease clean deploy first)");
      return problems;
    }
    List<Path> pomFiles;
    try (Stream<Path> files = Files.walk(root)) {
      pomFiles = files.filter(p -> p.getFileName().toString().endsWith(".pom")).sorted()
          .collect(Collectors.toList());
    }
    if (pomFiles.isEmpty()) problems.add(root + ": nothing staged (no .pom file)");
    // A SNAPSHOT directory may hold several timestamped builds; the newest one counts.
    Map<Path, Path> newestPerDirectory = new LinkedHashMap<>();
    for (Path pom : pomFiles) newestPerDirectory.merge(pom.getParent(), pom, (a, b) -> b);
    for (Path pomFile : newestPerDirectory.values()) {
      Pom pom = Pom.read(pomFile, problems);
      if (pom != null) poms.put(pom.ga(), pom);
    }
    TreeSet<String> versions = new TreeSet<>();
    for (Pom pom : poms.values()) {
      versions.add(pom.version);
      checkFiles(pom);
      checkMetadata(pom);
      if (!pom.version.endsWith("-SNAPSHOT")) checkNoSnapshots(pom);
      checked.add(pom.ga() + ":" + pom.version + " (" + pom.packaging + ")");
    }
    checkBoms();
    if (versions.size() > 1) {
      problems.add("staged artifacts have different versions " + versions
          + " (a module's version was not updated?)");
    }
    return problems;
  }

  /**
   * A staged BOM ({@code *-bom}) manages exactly the staged jar artifacts of its group: a module
   * published without a BOM entry, or a BOM entry for a module that is not published, is a problem.
   */
  private void checkBoms() {
    for (Pom bom : poms.values()) {
      if (!bom.artifactId.endsWith("-bom")) continue;
      TreeSet<String> managed = new TreeSet<>();
      for (String[] dependency : bom.managedDependencies()) managed.add(dependency[0]);
      if (bom.parentGa != null) {
        problems.add(bom.ga() + ": a BOM must not have a parent (its dependencyManagement would"
            + " be imported with it)");
      }
      TreeSet<String> published = new TreeSet<>();
      for (Pom pom : poms.values()) {
        if (!pom.packaging.equals("pom") && pom.groupId.equals(bom.groupId)) published.add(pom.ga());
      }
      for (String ga : published) {
        if (!managed.contains(ga)) problems.add(bom.ga() + " does not manage published " + ga);
      }
      for (String ga : managed) {
        if (!published.contains(ga)) problems.add(bom.ga() + " manages " + ga + ", which is not staged");
      }
    }
  }

  private void checkFiles(Pom pom) throws IOException {
    Path dir = pom.file.getParent();
    String base = pom.file.getFileName().toString();
    base = base.substring(0, base.length() - ".pom".length()); // artifactId-fileVersion
    List<Path> files = new ArrayList<>();
    files.add(pom.file);
    if (!pom.packaging.equals("pom")) {
      // Central wants sources and javadoc for every jar-like packaging.
      String extension = pom.packaging.equals("bundle") ? "jar" : pom.packaging;
      Path main = dir.resolve(base + "." + extension);
      Path sources = dir.resolve(base + "-sources.jar");
      Path javadoc = dir.resolve(base + "-javadoc.jar");
      files.add(main);
      files.add(sources);
      files.add(javadoc);
      if (Files.isRegularFile(main) && extension.equals("jar")) checkMainJar(pom, main);
      if (Files.isRegularFile(sources)) checkJarHas(pom, sources, ".java", "no .java file");
      if (Files.isRegularFile(javadoc)) checkJarHas(pom, javadoc, "index.html", "no index.html");
    }
    for (Path file : files) {
      String name = root.relativize(file).toString();
      if (!Files.isRegularFile(file)) {
        problems.add(pom.ga() + ": missing " + name);
        continue;
      }
      byte[] content = Files.readAllBytes(file);
      for (String algorithm : CHECKSUMS) {
        checkChecksum(pom, file, content, algorithm, algorithmName(algorithm), true);
      }
      for (String[] optional : OPTIONAL_CHECKSUMS) {
        checkChecksum(pom, file, content, optional[0], optional[1], false);
      }
      if (requireSignatures && !Files.isRegularFile(file.resolveSibling(file.getFileName() + ".asc"))) {
        problems.add(pom.ga() + ": missing signature " + name + ".asc");
      }
    }
  }

  private static String algorithmName(String extension) {
    return extension.equals("md5") ? "MD5" : "SHA-1";
  }

  private void checkChecksum(Pom pom, Path file, byte[] content, String extension,
      String algorithm, boolean required) throws IOException {
    Path sum = file.resolveSibling(file.getFileName() + "." + extension);
    String name = root.relativize(sum).toString();
    if (!Files.isRegularFile(sum)) {
      if (required) problems.add(pom.ga() + ": missing checksum " + name);
      return;
    }
    String expected = new String(Files.readAllBytes(sum), StandardCharsets.US_ASCII).trim();
    int space = expected.indexOf(' ');
    if (space >= 0) expected = expected.substring(0, space); // "HEX  file name" form
    String actual;
    try {
      actual = hex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    if (!actual.equalsIgnoreCase(expected)) {
      problems.add(pom.ga() + ": checksum " + name + " does not match the file");
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) out.append(String.format("%02x", b & 0xff));
    return out.toString();
  }

  private void checkMainJar(Pom pom, Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String name =
          manifest == null ? null : manifest.getMainAttributes().getValue("Automatic-Module-Name");
      if (name == null || !MODULE_NAME.matcher(name).matches()) {
        problems.add(pom.ga() + ": " + jar.getFileName() + " has "
            + (name == null ? "no Automatic-Module-Name" : "Automatic-Module-Name '" + name + "'"));
      }
    }
  }

  private void checkJarHas(Pom pom, Path jar, String suffix, String problem) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
        if (e.nextElement().getName().endsWith(suffix)) return;
      }
    }
    problems.add(pom.ga() + ": " + jar.getFileName() + " has " + problem);
  }

  private void checkMetadata(Pom pom) {
    if (pom.text("name").isEmpty()) problems.add(pom.ga() + ": POM has no <name> of its own");
    if (pom.text("description").isEmpty()) {
      problems.add(pom.ga() + ": POM has no <description> of its own");
    }
    if (inherited(pom, "url").isEmpty()) problems.add(pom.ga() + ": POM has no <url>");
    Pom licenses = owner(pom, "licenses");
    if (licenses == null) {
      problems.add(pom.ga() + ": POM has no <licenses>");
    } else {
      for (Element license : licenses.elements("licenses", "license")) {
        if (Pom.child(license, "name").isEmpty() || Pom.child(license, "url").isEmpty()) {
          problems.add(pom.ga() + ": a <license> lacks <name> or <url>");
        }
      }
    }
    if (inherited(pom, "scm/url").isEmpty()) problems.add(pom.ga() + ": POM has no <scm><url>");
    if (inherited(pom, "scm/connection").isEmpty()) {
      problems.add(pom.ga() + ": POM has no <scm><connection>");
    }
    Pom developers = owner(pom, "developers");
    if (developers == null) {
      problems.add(pom.ga() + ": POM has no <developers>");
    } else {
      for (Element developer : developers.elements("developers", "developer")) {
        if (Pom.child(developer, "name").isEmpty() && Pom.child(developer, "id").isEmpty()) {
          problems.add(pom.ga() + ": a <developer> has neither <name> nor <id>");
        }
      }
    }
  }

  /** The POM's own value at {@code path}, else its nearest staged parent's ("" if none). */
  private String inherited(Pom pom, String path) {
    for (Pom p = pom; p != null; p = parentOf(p)) {
      String value = p.text(path);
      if (!value.isEmpty()) return value;
    }
    return "";
  }

  /** The nearest POM in the lineage that has a non-empty {@code element} list. */
  private Pom owner(Pom pom, String element) {
    for (Pom p = pom; p != null; p = parentOf(p)) {
      if (!p.elements(element, null).isEmpty()) return p;
    }
    return null;
  }

  private Pom parentOf(Pom pom) {
    return pom.parentGa == null ? null : poms.get(pom.parentGa);
  }

  private void checkNoSnapshots(Pom pom) {
    Map<String, String> properties = new LinkedHashMap<>();
    List<Pom> lineage = new ArrayList<>();
    for (Pom p = pom; p != null; p = parentOf(p)) lineage.add(p);
    for (int i = lineage.size() - 1; i >= 0; i--) properties.putAll(lineage.get(i).properties);
    properties.put("project.version", pom.version);
    properties.put("pom.version", pom.version);
    properties.put("version", pom.version);
    if (pom.parentVersion != null) properties.put("project.parent.version", pom.parentVersion);
    if (pom.parentVersion != null && pom.parentVersion.endsWith("-SNAPSHOT")) {
      problems.add(pom.ga() + ":" + pom.version + " is a release with SNAPSHOT parent "
          + pom.parentGa + ":" + pom.parentVersion);
    }
    for (Pom p : lineage) {
      for (String[] dependency : p.dependencyVersions()) {
        String version = interpolate(dependency[1], properties);
        if (version.contains("SNAPSHOT")) {
          problems.add(pom.ga() + ":" + pom.version + " is a release with SNAPSHOT dependency "
              + dependency[0] + ":" + version + (p == pom ? "" : " (managed in " + p.ga() + ")"));
        }
      }
    }
  }

  static String interpolate(String value, Map<String, String> properties) {
    String result = value;
    for (int depth = 0; depth < 10 && result.contains("${"); depth++) {
      Matcher m = PROPERTY.matcher(result);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String replacement = properties.get(m.group(1));
        m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
      }
      m.appendTail(out);
      if (out.toString().equals(result)) break;
      result = out.toString();
    }
    return result;
  }

  /** The parts of one staged POM that the rules read. */
  static final class Pom {
    final Path file;
    final Element project;
    final String groupId;
    final String artifactId;
    final String version;
    final String packaging;
    final String parentGa;
    final String parentVersion;
    final Map<String, String> properties = new LinkedHashMap<>();

    private Pom(Path file, Element project) {
      this.file = file;
      this.project = project;
      Element parent = first(project, "parent");
      this.parentGa = parent == null ? null : child(parent, "groupId") + ":" + child(parent, "artifactId");
      this.parentVersion = parent == null ? null : child(parent, "version");
      String g = child(project, "groupId");
      this.groupId = g.isEmpty() && parent != null ? child(parent, "groupId") : g;
      this.artifactId = child(project, "artifactId");
      String v = child(project, "version");
      this.version = v.isEmpty() && parent != null ? parentVersion : v;
      String p = child(project, "packaging");
      this.packaging = p.isEmpty() ? "jar" : p;
      Element props = first(project, "properties");
      if (props != null) {
        for (Node n = props.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element) properties.put(n.getNodeName(), n.getTextContent().trim());
        }
      }
    }

    static Pom read(Path file, List<String> problems) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setExpandEntityReferences(false);
        Document document = factory.newDocumentBuilder().parse(in);
        Element project = document.getDocumentElement();
        if (!project.getNodeName().equals("project")) {
          problems.add(file + ": not a POM (root element " + project.getNodeName() + ")");
          return null;
        }
        return new Pom(file, project);
      } catch (ParserConfigurationException | SAXException e) {
        problems.add(file + ": not well-formed XML: " + e.getMessage());
        return null;
      }
    }

    String ga() {
      return groupId + ":" + artifactId;
    }

    /** Text of the element at a slash-separated path below project, trimmed; "" if absent. */
    String text(String path) {
      Element e = project;
      for (String part : path.split("/")) {
        e = first(e, part);
        if (e == null) return "";
      }
      return e.getTextContent().trim();
    }

    /** The {@code item} children of project's {@code list} child (all children if null). */
    List<Element> elements(String list, String item) {
      List<Element> out = new ArrayList<>();
      Element parent = first(project, list);
      if (parent == null) return out;
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element && (item == null || n.getNodeName().equals(item))) {
          out.add((Element) n);
        }
      }
      return out;
    }

    /** {groupId:artifactId, version} of each managed dependency (version may be empty). */
    List<String[]> managedDependencies() {
      List<String[]> out = new ArrayList<>();
      Element management = first(project, "dependencyManagement");
      Element list = management == null ? null : first(management, "dependencies");
      if (list == null) return out;
      for (Node n = list.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element) {
          Element d = (Element) n;
          out.add(new String[] {child(d, "groupId") + ":" + child(d, "artifactId"), child(d, "version")});
        }
      }
      return out;
    }

    /** {groupId:artifactId, version} of each dependency and managed dependency with a version. */
    List<String[]> dependencyVersions() {
      List<String[]> out = new ArrayList<>();
      List<Element> lists = new ArrayList<>();
      Element dependencies = first(project, "dependencies");
      if (dependencies != null) lists.add(dependencies);
      Element management = first(project, "dependencyManagement");
      if (management != null && first(management, "dependencies") != null) {
        lists.add(first(management, "dependencies"));
      }
      for (Element list : lists) {
        NodeList items = list.getChildNodes();
        for (int i = 0; i < items.getLength(); i++) {
          if (!(items.item(i) instanceof Element)) continue;
          Element d = (Element) items.item(i);
          String version = child(d, "version");
          if (!version.isEmpty()) {
            out.add(new String[] {child(d, "groupId") + ":" + child(d, "artifactId"), version});
          }
        }
      }
      return out;
    }

    static Element first(Element parent, String name) {
      for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element && n.getNodeName().equals(name)) return (Element) n;
      }
      return null;
    }

    static String child(Element parent, String name) {
      Element e = first(parent, name);
      return e == null ? "" : e.getTextContent().trim();
    }
  }
}
