package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mxsdk.testkit.internal.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class RouterTest {
  private final Http http = new Http();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  /** A route that answers its name and the parameters it was handed. */
  private static Route echo(String name, String... parameters) {
    return (exchange, request) -> {
      StringBuilder body = new StringBuilder(name);
      for (String p : parameters) {
        body.append(' ').append(p).append('=').append(request.optionalPath(p))
            .append(" raw=").append(request.optionalPath(p) == null ? null : request.rawPath(p));
      }
      Exchanges.json(exchange, 200, Json.quote(body.toString()));
    };
  }

  private void serve(Router.Builder routes) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/",
        routes.build(FixedRoute.error(404, "M_UNRECOGNIZED", "Unrecognized request"))::handle);
    server.start();
  }

  private HttpResponse<byte[]> send(String method, String path) {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri)
        .method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  private String answer(String method, String path) {
    HttpResponse<byte[]> response = send(method, path);
    return response.statusCode() + " " + Http.body(response);
  }

  @Test
  void anUnknownPathGoesToTheFallbackRouteWhateverTheMethod() throws Exception {
    serve(Router.newBuilder().get("/known", echo("known")));
    String unrecognized = "404 {\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}";
    assertEquals(unrecognized, answer("GET", "/unknown"));
    assertEquals(unrecognized, answer("DELETE", "/unknown"));
    assertEquals(unrecognized, answer("GET", "/known/"));
  }

  @Test
  void aKnownPathWithAnotherMethodIsAnswered405Unrecognized() throws Exception {
    serve(Router.newBuilder().get("/thing", echo("get")).post("/thing", echo("post")));
    assertEquals("200 \"get\"", answer("GET", "/thing"));
    assertEquals("200 \"post\"", answer("POST", "/thing"));
    assertEquals("405 {\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request method\"}",
        answer("PUT", "/thing"));
  }

  @Test
  void theFirstEntryWhoseTemplateAndMethodMatchAnswers() throws Exception {
    serve(Router.newBuilder()
        .post("/media/{id}", echo("post"))
        .get("/media/special", echo("special"))
        .get("/media/{id}", echo("any", "id"))
        .get("/media/{rest:.*}", echo("catch-all")));
    assertEquals("200 \"special\"", answer("GET", "/media/special"));
    assertEquals("200 \"any id=x raw=x\"", answer("GET", "/media/x"));
    assertEquals("200 \"catch-all\"", answer("GET", "/media/x/y"));
    assertEquals("200 \"post\"", answer("POST", "/media/x"));
  }

  @Test
  void parametersMatchTheRawPathAndAreHandedOverDecoded() throws Exception {
    serve(Router.newBuilder().get("/download/{serverName}/{mediaId}",
        echo("download", "serverName", "mediaId")));
    // An encoded slash stays inside its segment; the route sees it decoded.
    assertEquals("200 \"download serverName=a/b raw=a%2Fb mediaId=c d raw=c%20d\"",
        answer("GET", "/download/a%2Fb/c%20d"));
    assertEquals("200 \"download serverName=localhost raw=local%68ost mediaId=x raw=x\"",
        answer("GET", "/download/local%68ost/x"));
    assertEquals(404, send("GET", "/download/a/b/c").statusCode());
    assertEquals(404, send("GET", "/download//b").statusCode());
  }

  @Test
  void aParameterWithARegexMatchesWhatTheRegexMatches() throws Exception {
    serve(Router.newBuilder()
        .get("/_matrix/media/{version:v3|r0}/config", echo("config", "version"))
        .get("/file/{id}/{fileName:[^/]*}", echo("named", "fileName"))
        .get("/n/{n:[0-9]{1,3}}", echo("number", "n")));
    assertEquals("200 \"config version=v3 raw=v3\"", answer("GET", "/_matrix/media/v3/config"));
    assertEquals("200 \"config version=r0 raw=r0\"", answer("GET", "/_matrix/media/r0/config"));
    assertEquals(404, send("GET", "/_matrix/media/v1/config").statusCode());
    assertEquals("200 \"named fileName= raw=\"", answer("GET", "/file/x/"));
    assertEquals("200 \"number n=123 raw=123\"", answer("GET", "/n/123"));
    assertEquals(404, send("GET", "/n/1234").statusCode());
  }

  @Test
  void literalPartsOfATemplateAreMatchedLiterally() throws Exception {
    serve(Router.newBuilder().get("/a.b/(c)", echo("literal")));
    assertEquals("200 \"literal\"", answer("GET", "/a.b/(c)"));
    assertEquals(404, send("GET", "/aXb/(c)").statusCode());
  }

  @Test
  void aParameterTheTemplateDoesNotHaveIsNullOrAnError() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    serve(Router.newBuilder().get("/x/{id}", (exchange, request) -> {
      seen.add(String.valueOf(request.optionalPath("fileName")));
      try {
        request.path("fileName");
      } catch (IllegalArgumentException expected) {
        seen.add("no fileName");
      }
      try {
        request.accessToken();
      } catch (IllegalStateException expected) {
        seen.add("not authenticated");
      }
      seen.add(request.toString());
      Exchanges.empty(exchange, 204);
    }));
    assertEquals(204, send("GET", "/x/secret-value").statusCode());
    assertEquals(List.of("null", "no fileName", "not authenticated", "RouteRequest[id]"), seen);
  }

  @Test
  void malformedTemplatesAreRefusedWhenTheTableIsBuilt() {
    Route route = echo("x");
    assertThrows(IllegalArgumentException.class, () -> Router.newBuilder().get("x/{id}", route));
    assertThrows(IllegalArgumentException.class, () -> Router.newBuilder().get("/x/{id", route));
    assertThrows(IllegalArgumentException.class,
        () -> Router.newBuilder().get("/x/{id}/{id}", route));
    assertThrows(IllegalArgumentException.class, () -> Router.newBuilder().get("/x/{1d}", route));
    assertThrows(IllegalArgumentException.class, () -> Router.newBuilder().get("/x/{}", route));
  }

  @Test
  void aTemplateCompilesToARegexOfItsLiteralsAndParameters() {
    List<String> names = new ArrayList<>();
    assertTrue(Router.compile("/a/{b}/{c:v3|r0}", names).matcher("/a/x/r0").matches());
    assertEquals(List.of("b", "c"), names);
  }
}
