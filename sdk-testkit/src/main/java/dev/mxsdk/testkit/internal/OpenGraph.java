package dev.mxsdk.testkit.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fixed set of OpenGraph properties the testkit's URL previews serve from an HTML page:
 * {@code <meta property="og:..." content="...">} (or {@code name=} instead of {@code property=},
 * as pages write both), the first of each property winning, with {@code og:title} falling back to
 * the page's {@code <title>}. No other property is read, and nothing is fetched.
 */
public final class OpenGraph {
  /** The properties read, in the order they are served. */
  public static final List<String> PROPERTIES = Collections.unmodifiableList(Arrays.asList(
      "og:title", "og:description", "og:image", "og:image:width", "og:image:height",
      "og:image:type", "og:url", "og:site_name"));

  private static final Pattern META = Pattern.compile("<meta\\b([^>]*)>",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTRIBUTE = Pattern.compile(
      "([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*(?:=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+)))?");
  private static final Pattern TITLE = Pattern.compile("<title\\b[^>]*>(.*?)</title\\s*>",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CHARACTER_REFERENCE =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);");

  private OpenGraph() {}

  /** Returns the properties of {@link #PROPERTIES} that {@code html} has, in that order. */
  public static Map<String, String> parse(String html) {
    Map<String, String> found = new LinkedHashMap<>();
    Matcher meta = META.matcher(html);
    while (meta.find()) {
      Map<String, String> attributes = attributes(meta.group(1));
      String property = attributes.get("property");
      if (property == null) property = attributes.get("name");
      String content = attributes.get("content");
      if (property == null || content == null) continue;
      property = property.trim().toLowerCase(Locale.ROOT);
      if (PROPERTIES.contains(property)) found.putIfAbsent(property, decode(content).trim());
    }
    if (!found.containsKey("og:title")) {
      Matcher title = TITLE.matcher(html);
      if (title.find()) {
        String text = decode(title.group(1)).replaceAll("\\s+", " ").trim();
        if (!text.isEmpty()) found.put("og:title", text);
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    for (String property : PROPERTIES) {
      String value = found.get(property);
      if (value != null) ordered.put(property, value);
    }
    return ordered;
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> result = new LinkedHashMap<>();
    Matcher m = ATTRIBUTE.matcher(tag);
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      result.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value != null ? value : "");
    }
    return result;
  }

  /** Replaces the character references a page's attribute values commonly hold. */
  static String decode(String text) {
    Matcher m = CHARACTER_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      String name = m.group(1);
      switch (name) {
        case "amp": out.append('&'); break;
        case "lt": out.append('<'); break;
        case "gt": out.append('>'); break;
        case "quot": out.append('"'); break;
        case "apos": out.append('\''); break;
        case "nbsp": out.append('\u00a0'); break;
        default:
          int code = name.charAt(1) == 'x' || name.charAt(1) == 'X'
              ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
          if (Character.isValidCodePoint(code) && code != 0) {
            out.appendCodePoint(code);
          } else {
            out.append('\ufffd');
          }
      }
      last = m.end();
    }
    return out.append(text, last, text.length()).toString();
  }
}
