package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Watches one test's downloads for leaks: counts OkHttp connection acquisitions and releases,
 * collects every secret the servers handed out (key headers, redirect targets), and captures
 * java.util.logging and System.err while open, so that a test can assert that no secret reached
 * an exception, a log line or stderr, and that every connection went back to the pool.
 */
final class LeakWatch implements AutoCloseable {
  private final AtomicInteger acquired = new AtomicInteger();
  private final AtomicInteger released = new AtomicInteger();
  private final List<String> secrets = Collections.synchronizedList(new ArrayList<>());
  private final StringBuffer log = new StringBuffer();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream originalErr = System.err;
  private volatile String cdnPrefix = "\u0000";
  private final Logger root = Logger.getLogger("");
  private final Level originalLevel = root.getLevel();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      String name = String.valueOf(record.getLoggerName());
      // The JDK's own HTTP server (the testkit) and JDK internals are not the client's logs.
      if (name.startsWith("com.sun.") || name.startsWith("jdk.") || name.startsWith("sun.")) return;
      log.append(record.getLoggerName()).append(' ').append(record.getMessage());
      if (record.getParameters() != null) {
        for (Object p : record.getParameters()) log.append(' ').append(p);
      }
      if (record.getThrown() != null) log.append(' ').append(chain(record.getThrown()));
      log.append('\n');
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  LeakWatch() {
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.ALL);
    System.setErr(new PrintStream(err, true));
  }

  /** Adds the counting listener and the secret-collecting network interceptor to {@code builder}. */
  OkHttpClient.Builder instrument(OkHttpClient.Builder builder) {
    return builder
        .eventListener(new EventListener() {
          @Override
          public void connectionAcquired(Call call, Connection connection) {
            acquired.incrementAndGet();
          }

          @Override
          public void connectionReleased(Call call, Connection connection) {
            released.incrementAndGet();
          }
        })
        .addNetworkInterceptor(this::collect);
  }

  private Response collect(Interceptor.Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    for (String value : response.headers("X-Matrix-Media-Encryption")) {
      int at = value.indexOf("key=");
      if (at >= 0) secret(value.substring(at + 4).trim());
    }
    String location = response.header("Location");
    if (location != null && location.startsWith(cdnPrefix)) {
      secret(location);
      int slash = location.lastIndexOf('/');
      if (slash >= 0 && location.length() - slash > 8) secret(location.substring(slash + 1));
    }
    return response;
  }

  /** Redirect targets starting with {@code prefix} (the CDN's token URLs) are secrets. */
  void cdnPrefix(String prefix) {
    cdnPrefix = prefix;
  }

  /** Registers a secret string that must appear nowhere. */
  void secret(String value) {
    secrets.add(value);
  }

  /** Registers key bytes: their base64url and base64 forms (padded and not) must appear nowhere. */
  void secret(byte[] key) {
    secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    secrets.add(Base64.getEncoder().withoutPadding().encodeToString(key));
  }

  List<String> secrets() {
    synchronized (secrets) {
      return new ArrayList<>(secrets);
    }
  }

  /** Asserts that every connection acquired was released and the pool holds none after eviction. */
  void assertConnectionsReleased(OkHttpClient client) {
    assertEquals(acquired.get(), released.get(), "connections acquired vs released");
    client.connectionPool().evictAll();
    assertEquals(0, client.connectionPool().connectionCount(), "connections left after evictAll");
  }

  /** Asserts that no secret appears in {@code e}'s messages, toString()s and causes, nor in logs. */
  void assertNoSecret(@Nullable Throwable e) {
    String text = (e == null ? "" : chain(e)) + "\n" + log + "\n"
        + new String(err.toByteArray(), StandardCharsets.UTF_8);
    for (String secret : secrets()) {
      int at = text.indexOf(secret);
      assertFalse(at >= 0, () -> "secret leaked: ..."
          + text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 40)) + "...");
    }
  }

  static String chain(Throwable e) {
    StringBuilder s = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(todo.size() - 1);
      if (t == null || !seen.add(t)) continue;
      s.append(t).append(" | ").append(t.getMessage()).append(" | ")
          .append(t.getLocalizedMessage()).append('\n');
      todo.add(t.getCause());
      Collections.addAll(todo, t.getSuppressed());
    }
    return s.toString();
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    root.removeHandler(handler);
    root.setLevel(originalLevel);
  }
}
