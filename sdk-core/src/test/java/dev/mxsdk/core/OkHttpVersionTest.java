package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;

/** Proves which OkHttp the suite ran on: 4.12 by default, 5.x with {@code -Pokhttp5}. */
final class OkHttpVersionTest {
  @Test
  void testsRunOnTheOkHttpVersionTheBuildSelected() throws Exception {
    String expected = System.getProperty("mxsdk.expected.okhttp");
    assertNotNull(expected, "surefire must set mxsdk.expected.okhttp");
    // OkHttp.VERSION is a compile-time constant: read it reflectively so that test classes
    // compiled against the other OkHttp cannot report a stale, inlined value.
    Object actual = OkHttp.class.getField("VERSION").get(null);
    assertEquals(expected, actual);
  }
}
