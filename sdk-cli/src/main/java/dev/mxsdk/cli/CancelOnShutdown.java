package dev.mxsdk.cli;

import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.UploadCall;
import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JVM shutdown hook that cancels a running download or upload when the process is asked to stop
 * (SIGINT, SIGTERM, {@code System.exit} from elsewhere), then gives its thread a bounded time to
 * unwind.
 *
 * <p>Without it the JVM exits in the middle of the download and no {@code finally} runs: the
 * library's temporary file beside the target (for E2EE media, plaintext that was never
 * hash-checked), its spool file, and the name the CLI claimed for the target would all stay on
 * disk. Cancelling makes the blocked read fail at once, so the download's own cleanup runs; the
 * hook waits for it at most {@link #DEFAULT_WAIT_MILLIS}, because a shutdown hook that never
 * returns keeps the JVM from exiting.
 *
 * <pre>{@code
 * try (CancelOnShutdown guard = CancelOnShutdown.install(call)) {
 *   ... execute the call and deliver the body ...
 * } // the download has unwound: the hook stops waiting and is removed
 * }</pre>
 *
 * <p>{@link #close()} must come after all cleanup of the download, and is needed even after a
 * successful run: the CLI runs many commands in one JVM in tests and in embedding programs, and
 * each hook would otherwise hold its call until the JVM exits.
 *
 * <p>{@link #install(Runnable, long)} runs any stop action instead of cancelling a call: {@code
 * play} closes its media server with it, which cancels every download it runs.
 */
final class CancelOnShutdown implements Closeable {
  /** How long the hook waits for the download to unwind. */
  static final long DEFAULT_WAIT_MILLIS = 2000;

  /** Hooks installed and not yet removed; tests check that every command removes its own. */
  static final AtomicInteger INSTALLED = new AtomicInteger();

  private final Runnable stop;
  private final long waitMillis;
  private final CountDownLatch unwound = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean fired;
  private boolean closed;

  private CancelOnShutdown(Runnable stop, long waitMillis, String name) {
    this.stop = stop;
    this.waitMillis = waitMillis;
    this.hook = new Thread(this::onShutdown, name);
  }

  /** Registers a hook that cancels {@code call} on shutdown. */
  static CancelOnShutdown install(MediaCall call) {
    return install(call, DEFAULT_WAIT_MILLIS);
  }

  static CancelOnShutdown install(MediaCall call, long waitMillis) {
    if (call == null) throw new NullPointerException("call == null");
    return install(call::cancel, waitMillis, "mxmedia-cancel-download");
  }

  /**
   * Registers a hook that runs {@code stop} on shutdown and then waits up to {@code waitMillis}
   * for {@link #close()}.
   */
  static CancelOnShutdown install(Runnable stop, long waitMillis) {
    if (stop == null) throw new NullPointerException("stop == null");
    return install(stop, waitMillis, "mxmedia-stop");
  }

  /** Registers a hook that cancels {@code call} on shutdown (nothing is left to clean up). */
  static CancelOnShutdown install(UploadCall call) {
    if (call == null) throw new NullPointerException("call == null");
    return install(call::cancel, DEFAULT_WAIT_MILLIS, "mxmedia-cancel-upload");
  }

  private static CancelOnShutdown install(Runnable stop, long waitMillis, String name) {
    CancelOnShutdown guard = new CancelOnShutdown(stop, waitMillis, name);
    Runtime.getRuntime().addShutdownHook(guard.hook);
    INSTALLED.incrementAndGet();
    return guard;
  }

  /** What the hook does; package-private so that tests can run it without stopping their JVM. */
  void onShutdown() {
    fired = true;
    stop.run();
    try {
      unwound.await(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the hook has run its stop action because the JVM is shutting down. */
  boolean fired() {
    return fired;
  }

  /** Tells a waiting hook that the download has unwound, and removes the hook. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    unwound.countDown();
    try {
      if (Runtime.getRuntime().removeShutdownHook(hook)) INSTALLED.decrementAndGet();
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run; the JVM forgets every hook when it halts.
      INSTALLED.decrementAndGet();
    }
  }
}
