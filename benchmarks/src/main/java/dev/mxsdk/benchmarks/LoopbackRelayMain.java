package dev.mxsdk.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The ceiling for any local server on this machine: 1 GiB of zeros sent over one loopback TCP
 * connection and read, against the same bytes relayed by a third thread from one loopback
 * connection to a second (64 KiB reads and writes, the relay's send buffer at 128 KiB as the
 * media server's), with no decoding anywhere. What the relay loses is what a second hop of kernel
 * copies and a third busy thread cost on the cores there are, before any of the SDK's work.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mxsdk.benchmarks.LoopbackRelayMain [--runs 5]
 * </pre>
 */
public final class LoopbackRelayMain {
  private static final long SIZE = 1L << 30;
  private static final int CHUNK = 65536;

  private LoopbackRelayMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    int i = a.indexOf("--runs");
    int runs = i >= 0 ? Integer.parseInt(a.get(i + 1)) : 5;
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    System.out.println("| run | one hop | relayed | relayed / one hop |");
    System.out.println("| --- | --- | --- | --- |");
    try (ServerSocket origin = new ServerSocket(0, 50, loopback);
        ServerSocket relay = new ServerSocket(0, 50, loopback)) {
      for (int run = 1; run <= runs; run++) {
        send(origin);
        long start = System.nanoTime();
        try (Socket client = new Socket(loopback, origin.getLocalPort())) {
          drain(client.getInputStream());
        }
        double one = SIZE / 1e6 / ((System.nanoTime() - start) / 1e9);

        send(origin);
        Thread relaying = new Thread(() -> {
          try (Socket in = new Socket(loopback, origin.getLocalPort());
              Socket out = relay.accept()) {
            out.setSendBufferSize(128 * 1024);
            InputStream from = in.getInputStream();
            OutputStream to = out.getOutputStream();
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = from.read(buffer)) != -1; ) to.write(buffer, 0, n);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
        relaying.start();
        start = System.nanoTime();
        try (Socket client = new Socket(loopback, relay.getLocalPort())) {
          drain(client.getInputStream());
        }
        double two = SIZE / 1e6 / ((System.nanoTime() - start) / 1e9);
        relaying.join();
        System.out.println(String.format(Locale.ROOT, "| %d | %.0f MB/s | %.0f MB/s | %.0f%% |",
            run, one, two, 100 * two / one));
      }
    }
  }

  private static void send(ServerSocket server) {
    new Thread(() -> {
      try (Socket socket = server.accept()) {
        OutputStream out = socket.getOutputStream();
        byte[] zeros = new byte[CHUNK];
        for (long n = 0; n < SIZE; n += CHUNK) out.write(zeros);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).start();
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[CHUNK];
    while (in.read(buffer) != -1) {
      // discarded
    }
  }
}
