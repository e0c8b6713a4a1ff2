package dev.mxsdk.media.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("crypto")
final class CryptoProviderSetupTest {
  @Test
  void theConscryptRunReallyUsesConscryptForGcmCtrAndHmac() throws Exception {
    String expected = CryptoProviderSetup.isConscryptRun() ? "Conscrypt" : "SunJCE";
    assertEquals(expected, Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
    assertEquals(expected, Cipher.getInstance("AES/CTR/NoPadding").getProvider().getName());
    assertEquals(expected, Mac.getInstance("HmacSHA256").getProvider().getName());
  }
}
