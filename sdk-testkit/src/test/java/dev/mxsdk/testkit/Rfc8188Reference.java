package dev.mxsdk.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** A whole-body RFC 8188 decoder written straight from the RFC, as a second opinion in tests. */
final class Rfc8188Reference {
  private Rfc8188Reference() {}

  static byte[] decode(byte[] key, byte[] body) throws Exception {
    byte[] salt = Arrays.copyOfRange(body, 0, 16);
    int rs = ByteBuffer.wrap(body, 16, 4).getInt();
    int idlen = body[20] & 0xff;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(key);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    byte[] cek = Arrays.copyOf(mac.doFinal("Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 16);
    byte[] nonceBase = Arrays.copyOf(mac.doFinal("Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pos = 21 + idlen;
    long seq = 0;
    boolean last = false;
    while (pos < body.length) {
      if (last) throw new IllegalStateException("data after the last record");
      int len = Math.min(rs, body.length - pos);
      byte[] nonce = nonceBase.clone();
      for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (seq >>> (8 * i));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
      byte[] plain = cipher.doFinal(body, pos, len);
      int end = plain.length - 1;
      while (end >= 0 && plain[end] == 0) end--;
      if (end < 0) throw new IllegalStateException("no delimiter");
      if (plain[end] == 2) last = true;
      else if (plain[end] != 1) throw new IllegalStateException("bad delimiter");
      if (!last && len != rs) throw new IllegalStateException("short non-final record");
      out.write(plain, 0, end);
      pos += len;
      seq++;
    }
    if (!last) throw new IllegalStateException("truncated: no final record");
    return out.toByteArray();
  }
}
