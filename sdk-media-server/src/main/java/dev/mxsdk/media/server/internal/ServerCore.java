package dev.mxsdk.media.server.internal;

import dev.mxsdk.core.Clock;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listening socket, the accept thread and the bounded pool of connection threads.
 * Thread-safe.
 */
public final class ServerCore implements Closeable, Connection.Listener {
  private static final byte[] BUSY = ("HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Length: 0\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII);
  private static final long CLOSE_WAIT_MILLIS = 2000;

  private final ServerConfig config;
  private final Capabilities capabilities;
  private final Clock clock;
  private final Semaphore slots;
  private final Set<Connection> live = new LinkedHashSet<>(); // guarded by this

  private ServerSocket serverSocket; // guarded by this until started
  private ThreadPoolExecutor pool;
  private Thread acceptor;
  private int port = -1;
  private boolean started; // guarded by this
  private boolean closed; // guarded by this

  public ServerCore(ServerConfig config, Capabilities capabilities, Clock clock) {
    this.config = config;
    this.capabilities = capabilities;
    this.clock = clock;
    this.slots = new Semaphore(config.maxConnections);
  }

  /** The loopback address, by its bytes: a name lookup could answer with another interface. */
  public static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts accepting.
   *
   * @throws IllegalStateException if started before or closed
   */
  public synchronized void start() throws IOException {
    if (closed) throw new IllegalStateException("closed");
    if (started) throw new IllegalStateException("already started");
    ServerSocket socket = new ServerSocket();
    try {
      socket.bind(new InetSocketAddress(loopback(), 0), 50);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    // accept() wakes up this often when nobody connects, to end expired links (and so delete
    // their spool files) even on a server that nobody talks to any more.
    socket.setSoTimeout((int) Capabilities.SWEEP_INTERVAL_MILLIS);
    serverSocket = socket;
    port = socket.getLocalPort();
    // Spool files of a process that was killed are deleted by the next server on the folder.
    Spool.deleteStale(config.spoolDirectory);
    pool = new ThreadPoolExecutor(config.maxConnections, config.maxConnections, 30,
        TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(),
        new Threads(threadPrefix(port) + "-"));
    pool.allowCoreThreadTimeOut(true);
    acceptor = new Thread(new Runnable() {
      @Override
      public void run() {
        acceptLoop();
      }
    }, threadPrefix(port) + "-accept");
    acceptor.setDaemon(true);
    started = true;
    acceptor.start();
  }

  /** Thread names tell servers apart by port: an app (or a test) may run more than one. */
  public static String threadPrefix(int port) {
    return "mxsdk-media-server-" + port;
  }

  public synchronized int port() {
    if (!started) throw new IllegalStateException("not started");
    return port;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Connections open right now. */
  public synchronized int connectionCount() {
    return live.size();
  }

  private void acceptLoop() {
    ServerSocket socket;
    synchronized (this) {
      socket = serverSocket;
    }
    while (true) {
      Socket client;
      try {
        client = socket.accept();
      } catch (SocketTimeoutException e) {
        capabilities.sweep();
        continue;
      } catch (IOException e) {
        // Closed by close(); any other accept failure also ends the server's accepting.
        return;
      }
      long acceptedNanos = System.nanoTime();
      if (!slots.tryAcquire()) {
        refuseBusy(client);
        continue;
      }
      Connection connection = new Connection(client, config, capabilities, clock, port,
          acceptedNanos, this);
      synchronized (this) {
        if (closed) {
          slots.release();
          closeQuietly(client);
          return;
        }
        live.add(connection);
      }
      try {
        pool.execute(connection);
      } catch (RejectedExecutionException e) {
        // Only after close() has shut the pool down.
        closed(connection);
        closeQuietly(client);
      }
    }
  }

  /**
   * Over the connection limit: a plain 503 and close, written on the accept thread (a few bytes
   * into a new socket's empty send buffer never block).
   */
  private static void refuseBusy(Socket client) {
    try {
      OutputStream out = client.getOutputStream();
      out.write(BUSY);
      out.flush();
      client.shutdownOutput();
    } catch (IOException ignored) {
      // The client went away first.
    } finally {
      closeQuietly(client);
    }
  }

  @Override
  public void closed(Connection connection) {
    boolean removed;
    synchronized (this) {
      removed = live.remove(connection);
    }
    if (removed) slots.release();
  }

  /**
   * Stops accepting, revokes every capability, cuts every connection and its upstream, and waits
   * briefly for the connection threads to end. Idempotent.
   */
  @Override
  public void close() {
    List<Connection> toCancel;
    ServerSocket socket;
    synchronized (this) {
      if (closed) return;
      closed = true;
      socket = serverSocket;
      toCancel = new ArrayList<>(live);
    }
    if (socket != null) closeQuietly(socket);
    capabilities.revokeAll();
    for (Connection connection : toCancel) connection.cancel();
    if (pool != null) {
      pool.shutdown();
      try {
        if (!pool.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) pool.shutdownNow();
        acceptor.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException ignored) {
      // Nothing to do about a failed close.
    }
  }

  /** Daemon threads, so that an app that forgets close() can still exit. */
  private static final class Threads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger(1);

    Threads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable runnable) {
      Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    }
  }
}
