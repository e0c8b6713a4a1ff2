package dev.mxsdk.media.server.internal;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.server.MediaContent;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The capability table: 128-bit random capabilities, each naming one content until it expires or
 * is revoked. Thread-safe.
 *
 * <p>A {@link ManagedContent} is released when its link ends: at once on revocation (which cuts
 * its responses), and on expiry once the last response in flight for it has finished (expiry lets
 * those finish). Expired entries are found by lookups and by {@link #sweep()}, which the server's
 * accept thread runs every {@value #SWEEP_INTERVAL_MILLIS} ms.
 *
 * <h2>Security</h2>
 * The table is keyed by the SHA-256 of a capability, never by the capability: a lookup hashes the
 * presented value first, so which bucket it lands in and how many key bytes are compared depend
 * only on a digest that the client cannot steer toward a stored one (doing so would need SHA-256
 * preimages). No comparison of secret bytes can leak a prefix through its timing, and the table
 * itself holds no capability. A capability is never logged and never part of a message or a
 * {@code toString()}.
 */
public final class Capabilities {
  /** 128 random bits. */
  public static final int BYTES = 16;
  /** Lower-case hex, two characters a byte. */
  public static final int LENGTH = 2 * BYTES;

  private final Clock clock;
  private final SecureRandom random;
  private final ConcurrentHashMap<ByteString, Entry> entries = new ConcurrentHashMap<>();
  /** Sweeps are spaced out: a timeline issuing thousands of links must not scan them each time. */
  public static final long SWEEP_INTERVAL_MILLIS = 10_000;
  private volatile long nextSweepMillis = Long.MIN_VALUE;

  public Capabilities(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** Whether {@code s} has the shape of a capability: 32 lower-case hex digits. */
  public static boolean isWellFormed(String s) {
    if (s.length() != LENGTH) return false;
    for (int i = 0; i < LENGTH; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }

  /** A new capability for {@code content}, valid for {@code lifetimeMillis} from now. */
  public Issued issue(MediaContent content, long lifetimeMillis) {
    long now = clock.nowMillis();
    sweep(now);
    long expiresAt = lifetimeMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + lifetimeMillis;
    byte[] raw = new byte[BYTES];
    while (true) {
      random.nextBytes(raw);
      String capability = ByteString.of(raw).hex();
      ByteString key = ByteString.encodeUtf8(capability).sha256();
      Entry entry = new Entry(this, key, content, expiresAt);
      // A collision of 128 random bits does not happen; the loop only keeps put from replacing.
      if (entries.putIfAbsent(key, entry) == null) return new Issued(capability, entry);
    }
  }

  /** The live entry for a presented capability, or null if unknown, expired or revoked. */
  public @Nullable Entry find(String presented) {
    if (!isWellFormed(presented)) return null;
    ByteString key = ByteString.encodeUtf8(presented).sha256();
    Entry entry = entries.get(key);
    if (entry == null) return null;
    if (clock.nowMillis() >= entry.expiresAtMillis) {
      entry.expire();
      return null;
    }
    return entry.isRevoked() ? null : entry;
  }

  /** Number of entries held, expired ones not yet swept (at most every 10 s) included. */
  public int size() {
    return entries.size();
  }

  /** Revokes every entry (the server is closing). */
  public void revokeAll() {
    for (Entry entry : new ArrayList<>(entries.values())) entry.revoke();
  }

  /** Ends the expired entries, unless the last sweep was less than 10 s ago on the clock. */
  public void sweep() {
    sweep(clock.nowMillis());
  }

  private void sweep(long now) {
    if (now < nextSweepMillis) return;
    nextSweepMillis = now + SWEEP_INTERVAL_MILLIS;
    List<Entry> expired = new ArrayList<>();
    for (Entry entry : entries.values()) {
      if (now >= entry.expiresAtMillis) expired.add(entry);
    }
    for (Entry entry : expired) entry.expire();
  }

  /** A capability and its entry, as issued. */
  public static final class Issued {
    public final String capability;
    public final Entry entry;

    Issued(String capability, Entry entry) {
      this.capability = capability;
      this.entry = entry;
    }

    @Override
    public String toString() {
      return "Issued{" + entry + "}";
    }
  }

  /** Something serving an entry that revocation must stop. */
  public interface Cancellable {
    void cancel();
  }

  /** One capability's content, expiry and the responses in flight for it. */
  public static final class Entry {
    private final Capabilities owner;
    private final ByteString key;
    private final MediaContent content;
    private final long expiresAtMillis;
    private final Set<Cancellable> active = new LinkedHashSet<>();
    private boolean revoked;
    private boolean expired;
    private boolean released;

    Entry(Capabilities owner, ByteString key, MediaContent content, long expiresAtMillis) {
      this.owner = owner;
      this.key = key;
      this.content = content;
      this.expiresAtMillis = expiresAtMillis;
    }

    public MediaContent content() {
      return content;
    }

    public long expiresAtMillis() {
      return expiresAtMillis;
    }

    public synchronized boolean isRevoked() {
      return revoked;
    }

    /** Registers a response in flight; false if the entry was revoked or expired meanwhile. */
    public synchronized boolean attach(Cancellable response) {
      if (revoked || expired) return false;
      active.add(response);
      return true;
    }

    /** A response ended; the last one of an expired entry releases its content. */
    public void detach(Cancellable response) {
      synchronized (this) {
        active.remove(response);
        if (!expired || !active.isEmpty()) return;
      }
      release();
    }

    /** Makes the capability unknown and cuts the responses in flight for it. Idempotent. */
    public void revoke() {
      List<Cancellable> toCancel;
      synchronized (this) {
        revoked = true;
        toCancel = new ArrayList<>(active);
        active.clear();
      }
      owner.entries.remove(key, this);
      for (Cancellable response : toCancel) response.cancel();
      release();
    }

    /**
     * The lifetime is over: the capability becomes unknown, and the content is released once no
     * response is in flight (those in flight are finished).
     */
    void expire() {
      owner.entries.remove(key, this);
      synchronized (this) {
        expired = true;
        if (!active.isEmpty()) return;
      }
      release();
    }

    private void release() {
      synchronized (this) {
        if (released) return;
        released = true;
      }
      if (content instanceof ManagedContent) ((ManagedContent) content).release();
    }

    @Override
    public String toString() {
      return "Entry{expiresAtMillis=" + expiresAtMillis + ", revoked=" + isRevoked() + "}";
    }
  }
}
