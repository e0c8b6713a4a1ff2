package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the requests of one origin from a route table: method and path template to {@link
 * Route}.
 *
 * <pre>{@code
 * Router router = Router.newBuilder()
 *     .get("/_matrix/client/versions", new VersionsRoute(...))
 *     .get("/_matrix/media/{version:v3|r0}/download/{serverName}/{mediaId}", download)
 *     .build(FixedRoute.error(404, "M_UNRECOGNIZED", "Unrecognized request"));
 * }</pre>
 *
 * <p>A template is a raw path with parameters in braces: {@code {name}} matches one non-empty
 * path segment, {@code {name:regex}} what the regular expression matches (an alternative such as
 * {@code {version:v3|r0}}, an empty segment with {@code {fileName:[^/]*}}, or the rest of the path
 * with {@code {rest:.*}}). Templates match the raw path, as sent: a percent-encoded slash stays
 * inside its segment, and the route reads the decoded value from {@link RouteRequest#path}.
 *
 * <p>Entries are tried in the order they were added; the first whose template matches the path
 * and whose method is the request's answers it; {@code GET} entries also answer {@code HEAD}. A path that matches only entries of other methods
 * is answered {@code 405 M_UNRECOGNIZED}, any other path by the fallback route given to {@link
 * Builder#build(Route)}. Immutable and thread-safe.
 */
final class Router implements HttpHandler {
  /** What {@code {name}} matches: one non-empty path segment. */
  private static final String SEGMENT = "[^/]+";
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");

  private final List<Entry> entries;
  private final Route unknownPath;

  private Router(List<Entry> entries, Route unknownPath) {
    this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
    this.unknownPath = unknownPath;
  }

  static Builder newBuilder() {
    return new Builder();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // HEAD is answered wherever GET is (RFC 9110 section 9.3.2), by the GET route: the body is
    // left out where it is sent (Exchanges.sendHeaders).
    String method = Exchanges.isHead(exchange) ? "GET" : exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    boolean pathKnown = false;
    for (Entry entry : entries) {
      Matcher m = entry.pattern.matcher(path);
      if (!m.matches()) continue;
      if (entry.method.equals(method)) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : entry.parameterNames) parameters.put(name, m.group(name));
        entry.route.handle(exchange, new RouteRequest(parameters));
        return;
      }
      pathKnown = true;
    }
    if (pathKnown) {
      Exchanges.error(exchange, 405, "M_UNRECOGNIZED", "Unrecognized request method");
    } else {
      unknownPath.handle(exchange, new RouteRequest(Collections.emptyMap()));
    }
  }

  /** Collects the route table. Not thread-safe. */
  static final class Builder {
    private final List<Entry> entries = new ArrayList<>();

    Builder get(String template, Route route) {
      return add("GET", template, route);
    }

    Builder post(String template, Route route) {
      return add("POST", template, route);
    }

    Builder put(String template, Route route) {
      return add("PUT", template, route);
    }

    /**
     * Adds an entry after those already added.
     *
     * @throws IllegalArgumentException if {@code template} is malformed
     */
    Builder add(String method, String template, Route route) {
      if (method == null) throw new NullPointerException("method == null");
      if (route == null) throw new NullPointerException("route == null");
      List<String> names = new ArrayList<>();
      Pattern pattern = compile(template, names);
      entries.add(new Entry(method, pattern, names, route));
      return this;
    }

    /** Returns the router; {@code unknownPath} answers paths that no template matches. */
    Router build(Route unknownPath) {
      if (unknownPath == null) throw new NullPointerException("unknownPath == null");
      return new Router(entries, unknownPath);
    }
  }

  /** Compiles {@code template} to a regular expression, adding its parameter names to {@code names}. */
  static Pattern compile(String template, List<String> names) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("template must start with /: " + template);
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(i)));
        break;
      }
      if (open > i) regex.append(Pattern.quote(template.substring(i, open)));
      int close = closingBrace(template, open);
      String parameter = template.substring(open + 1, close);
      int colon = parameter.indexOf(':');
      String name = colon < 0 ? parameter : parameter.substring(0, colon);
      String expression = colon < 0 ? SEGMENT : parameter.substring(colon + 1);
      if (!PARAMETER_NAME.matcher(name).matches() || names.contains(name)) {
        throw new IllegalArgumentException("bad or repeated parameter name in " + template);
      }
      names.add(name);
      regex.append("(?<").append(name).append('>').append(expression).append(')');
      i = close + 1;
    }
    return Pattern.compile(regex.toString());
  }

  /** Returns the index of the brace closing the one at {@code open}; regexes may nest braces. */
  private static int closingBrace(String template, int open) {
    int depth = 0;
    for (int i = open; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') depth++;
      if (c == '}' && --depth == 0) return i;
    }
    throw new IllegalArgumentException("unclosed { in " + template);
  }

  private static final class Entry {
    final String method;
    final Pattern pattern;
    final List<String> parameterNames;
    final Route route;

    Entry(String method, Pattern pattern, List<String> parameterNames, Route route) {
      this.method = method;
      this.pattern = pattern;
      this.parameterNames = Collections.unmodifiableList(new ArrayList<>(parameterNames));
      this.route = route;
    }
  }
}
