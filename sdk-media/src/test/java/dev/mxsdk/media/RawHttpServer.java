package dev.mxsdk.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;

/**
 * A loopback HTTP/1.1 server on a plain socket for responses MockWebServer cannot express
 * (endless headers or bodies): each connection's request head is read, then {@code script}
 * writes whatever it likes until the client goes away.
 */
final class RawHttpServer implements AutoCloseable {
  interface Script {
    void respond(OutputStream out) throws IOException;
  }

  private final ServerSocket serverSocket;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  RawHttpServer(Script script) throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!serverSocket.isClosed()) {
        try {
          Socket socket = serverSocket.accept();
          sockets.add(socket);
          Thread worker = new Thread(() -> serve(socket, script), "raw-http-worker");
          worker.setDaemon(true);
          worker.start();
        } catch (IOException closed) {
          return;
        }
      }
    }, "raw-http-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private static void serve(Socket socket, Script script) {
    try (Socket s = socket) {
      InputStream in = s.getInputStream();
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4) {
        int b = in.read();
        if (b < 0) return;
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      script.respond(s.getOutputStream());
    } catch (IOException clientWentAway) {
      // Expected: the client stops reading and closes.
    }
  }

  HttpUrl url(String path) {
    return new HttpUrl.Builder().scheme("http").host("127.0.0.1").port(serverSocket.getLocalPort())
        .encodedPath(path).build();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket socket : sockets) socket.close();
  }
}
