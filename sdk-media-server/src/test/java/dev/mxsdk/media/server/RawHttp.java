package dev.mxsdk.media.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP client for hostile and exact cases: it sends exactly what it is given. */
final class RawHttp implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    // A safety net only: every test ends by itself long before this.
    socket.setSoTimeout(30_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  static String get(String path, int port) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n";
  }

  RawHttp send(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Reads one response; the body by Content-Length, chunked coding, or (with neither) to EOF. */
  Response read(boolean head) throws IOException {
    String statusLine = line();
    if (statusLine == null) throw new IOException("connection closed before a response");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    byte[] body = new byte[0];
    boolean complete = true;
    if (!head) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      String length = headers.get("content-length");
      if (length != null) {
        long n = Long.parseLong(length);
        for (long i = 0; i < n; i++) {
          int c = readOrReset();
          if (c == -1) {
            complete = false;
            break;
          }
          b.write(c);
        }
      } else if ("chunked".equals(headers.get("transfer-encoding"))) {
        complete = readChunked(b);
      } else {
        for (int c = readOrReset(); c != -1; c = readOrReset()) b.write(c);
      }
      body = b.toByteArray();
    }
    return new Response(status, statusLine, headers, body, complete);
  }

  Response read() throws IOException {
    return read(false);
  }

  private boolean readChunked(ByteArrayOutputStream b) throws IOException {
    while (true) {
      String size = line();
      if (size == null) return false;
      int n = Integer.parseInt(size, 16);
      if (n == 0) return "".equals(line());
      for (int i = 0; i < n; i++) {
        int c = readOrReset();
        if (c == -1) return false;
        b.write(c);
      }
      if (!"".equals(line())) return false;
    }
  }

  /** Bytes that can be read without blocking. */
  int available() throws IOException {
    return in.available();
  }

  /** Whether the server closed (EOF or reset) before sending anything more. */
  boolean closedByServer() throws IOException {
    return readOrReset() == -1;
  }

  /** A reset counts as the end: what matters to the tests is that no more bytes came. */
  int readOrReset() throws IOException {
    try {
      return in.read();
    } catch (SocketException reset) {
      return -1;
    }
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = readOrReset()) != -1) {
      if (c == '\n') {
        int n = b.length();
        if (n > 0 && b.charAt(n - 1) == '\r') b.setLength(n - 1);
        return b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  static final class Response {
    final int status;
    final String statusLine;
    final Map<String, String> headers;
    final byte[] body;
    /** False if the body ended before its framing said it would. */
    final boolean complete;

    Response(int status, String statusLine, Map<String, String> headers, byte[] body,
        boolean complete) {
      this.status = status;
      this.statusLine = statusLine;
      this.headers = headers;
      this.body = body;
      this.complete = complete;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
