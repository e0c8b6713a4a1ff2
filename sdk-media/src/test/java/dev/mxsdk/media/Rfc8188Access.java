package dev.mxsdk.media;

import java.io.IOException;

/** Opens the test-only reference encoder to tests in other packages. */
public final class Rfc8188Access {
  private Rfc8188Access() {}

  public static byte[] encode(byte[] plaintext, byte[] key, int rs) throws IOException {
    return Rfc8188.encode(plaintext, key, rs);
  }
}
