package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.server.MediaContent;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CapabilitiesTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Clock clock = new Clock() {
    @Override
    public long nowMillis() {
      return now.get();
    }

    @Override
    public void sleep(long millis) {
      now.addAndGet(millis);
    }
  };
  private final Capabilities capabilities = new Capabilities(clock, new SecureRandom());
  private final MediaContent content = MediaContent.create(new byte[1], "image/png", null);

  @Test
  void capabilitiesAre128RandomBitsInLowerCaseHex() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String c = capabilities.issue(content, 1000).capability;
      assertTrue(c.matches("[0-9a-f]{32}"), c);
      assertTrue(seen.add(c));
    }
  }

  @Test
  void aCapabilityFindsItsEntryUntilItExpires() {
    Capabilities.Issued issued = capabilities.issue(content, 1000);
    assertSame(issued.entry, capabilities.find(issued.capability));
    assertSame(content, issued.entry.content());
    now.addAndGet(999);
    assertSame(issued.entry, capabilities.find(issued.capability));
    now.addAndGet(1);
    assertNull(capabilities.find(issued.capability));
    assertEquals(0, capabilities.size());
  }

  @Test
  void expiredEntriesAreSweptWhenALinkIsIssuedAtMostEveryTenSeconds() {
    for (int i = 0; i < 10; i++) capabilities.issue(content, 10);
    now.addAndGet(10);
    capabilities.issue(content, 100_000);
    assertEquals(11, capabilities.size());
    now.addAndGet(10_000);
    capabilities.issue(content, 100_000);
    assertEquals(2, capabilities.size());
  }

  @Test
  void unknownAndMalformedCapabilitiesFindNothing() {
    Capabilities.Issued issued = capabilities.issue(content, 1000);
    assertNull(capabilities.find(issued.capability.toUpperCase(Locale.ROOT)));
    assertNull(capabilities.find(issued.capability.substring(1)));
    assertNull(capabilities.find(issued.capability + "0"));
    assertNull(capabilities.find("00000000000000000000000000000000"));
    assertNull(capabilities.find(""));
    assertNull(capabilities.find("g" + issued.capability.substring(1)));
  }

  @Test
  void revocationMakesTheCapabilityUnknownAndCancelsWhatIsAttached() {
    Capabilities.Issued issued = capabilities.issue(content, 1000);
    AtomicInteger cancelled = new AtomicInteger();
    Capabilities.Cancellable response = cancelled::incrementAndGet;
    assertTrue(issued.entry.attach(response));
    issued.entry.revoke();
    issued.entry.revoke();
    assertEquals(1, cancelled.get());
    assertNull(capabilities.find(issued.capability));
    assertFalse(issued.entry.attach(() -> { }));
    assertTrue(issued.entry.isRevoked());
  }

  @Test
  void aDetachedResponseIsNotCancelled() {
    Capabilities.Issued issued = capabilities.issue(content, 1000);
    AtomicInteger cancelled = new AtomicInteger();
    Capabilities.Cancellable response = cancelled::incrementAndGet;
    issued.entry.attach(response);
    issued.entry.detach(response);
    capabilities.revokeAll();
    assertEquals(0, cancelled.get());
    assertTrue(issued.entry.isRevoked());
  }

  @Test
  void aHugeLifetimeSaturates() {
    assertEquals(Long.MAX_VALUE,
        capabilities.issue(content, Long.MAX_VALUE).entry.expiresAtMillis());
  }

  @Test
  void toStringsHoldNoCapability() {
    Capabilities.Issued issued = capabilities.issue(content, 1000);
    assertFalse(issued.toString().contains(issued.capability));
    assertFalse(issued.entry.toString().contains(issued.capability));
  }

  /** A managed content that counts its releases. */
  private static final class Released extends ManagedContent {
    final AtomicInteger releases = new AtomicInteger();

    @Override
    public void prepare() {
    }

    @Override
    public void release() {
      releases.incrementAndGet();
    }

    @Override
    public String contentType() {
      return "video/mp4";
    }

    @Override
    public long length() {
      return 0;
    }

    @Override
    public okio.Source open(long offset, long byteCount) {
      return new okio.Buffer();
    }
  }

  @Test
  void revocationReleasesManagedContentAtOnceAndOnlyOnce() {
    Released managed = new Released();
    Capabilities.Issued issued = capabilities.issue(managed, 1000);
    issued.entry.attach(() -> { });
    issued.entry.revoke();
    issued.entry.revoke();
    capabilities.revokeAll();
    assertEquals(1, managed.releases.get());
  }

  @Test
  void expiryReleasesManagedContentOnceTheLastResponseInFlightHasEnded() {
    Released managed = new Released();
    Capabilities.Issued issued = capabilities.issue(managed, 1000);
    Capabilities.Cancellable first = () -> { };
    Capabilities.Cancellable second = () -> { };
    assertTrue(issued.entry.attach(first));
    assertTrue(issued.entry.attach(second));
    now.addAndGet(1000);
    assertNull(capabilities.find(issued.capability));
    assertFalse(issued.entry.attach(() -> { }), "no new response after expiry");
    issued.entry.detach(first);
    assertEquals(0, managed.releases.get(), "a response is still in flight");
    issued.entry.detach(second);
    assertEquals(1, managed.releases.get());
    capabilities.revokeAll();
    assertEquals(1, managed.releases.get());
  }

  @Test
  void theSweepReleasesExpiredManagedContentThatNobodyAsksFor() {
    Released managed = new Released();
    Released live = new Released();
    capabilities.issue(managed, 10);
    capabilities.issue(live, 100_000);
    now.addAndGet(Capabilities.SWEEP_INTERVAL_MILLIS);
    capabilities.sweep();
    assertEquals(1, managed.releases.get());
    assertEquals(0, live.releases.get());
    assertEquals(1, capabilities.size());
  }
}
