package dev.mxsdk.testkit.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A self-signed certificate for {@code 127.0.0.1}, {@code ::1} and {@code localhost}, generated
 * with the JDK's {@code keytool} (run as a process from {@code java.home}) once per JVM.
 *
 * <p>Security: a test certificate; its private key lives in memory and in a temporary key store
 * that is deleted right after loading. Thread-safe.
 */
public final class SelfSignedCertificate {
  private static @Nullable SelfSignedCertificate shared;

  private final SSLContext serverContext;
  private final SSLContext clientContext;
  private final X509TrustManager trustManager;
  private final X509Certificate certificate;

  private SelfSignedCertificate(SSLContext serverContext, SSLContext clientContext,
      X509TrustManager trustManager, X509Certificate certificate) {
    this.serverContext = serverContext;
    this.clientContext = clientContext;
    this.trustManager = trustManager;
    this.certificate = certificate;
  }

  /** Returns this JVM's certificate, generating it on first use. */
  public static synchronized SelfSignedCertificate get() throws IOException {
    if (shared == null) shared = generate();
    return shared;
  }

  private static SelfSignedCertificate generate() throws IOException {
    char[] password = randomPassword();
    File dir = TempFiles.createDirectory("mxsdk-testkit-tls");
    File store = new File(dir, "testkit.p12");
    try {
      String keytool = new File(System.getProperty("java.home"), "bin/keytool").getPath();
      List<String> command = Arrays.asList(keytool, "-genkeypair", "-alias", "testkit",
          "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
          "-validity", "30", "-dname", "CN=localhost, O=mxsdk testkit",
          "-ext", "SAN=ip:127.0.0.1,ip:0:0:0:0:0:0:0:1,dns:localhost",
          "-storetype", "PKCS12", "-keystore", store.getPath(),
          "-storepass:env", "MXSDK_TESTKIT_STOREPASS", "-noprompt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("MXSDK_TESTKIT_STOREPASS", new String(password));
      Process process = builder.start();
      byte[] output;
      try (InputStream in = process.getInputStream()) {
        output = in.readAllBytes();
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("keytool -genkeypair failed: "
            + new String(output, StandardCharsets.UTF_8).trim());
      }
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = new FileInputStream(store)) {
        keyStore.load(in, password);
      }
      X509Certificate certificate = (X509Certificate) keyStore.getCertificate("testkit");

      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore, password);
      SSLContext serverContext = SSLContext.getInstance("TLS");
      serverContext.init(keyManagers.getKeyManagers(), null, new SecureRandom());

      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      trustStore.setCertificateEntry("testkit", certificate);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trustStore);
      X509TrustManager trustManager = null;
      for (TrustManager tm : trustManagers.getTrustManagers()) {
        if (tm instanceof X509TrustManager) trustManager = (X509TrustManager) tm;
      }
      if (trustManager == null) throw new IOException("no X509TrustManager available");
      SSLContext clientContext = SSLContext.getInstance("TLS");
      clientContext.init(null, new TrustManager[] {trustManager}, new SecureRandom());
      return new SelfSignedCertificate(serverContext, clientContext, trustManager, certificate);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the generated certificate: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while generating a certificate", e);
    } finally {
      Arrays.fill(password, '\0');
      TempFiles.deleteRecursively(dir);
    }
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] password = new char[24];
    String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    for (int i = 0; i < password.length; i++) {
      password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return password;
  }

  /** The context the servers use. */
  public SSLContext serverContext() {
    return serverContext;
  }

  /** A client context that trusts this certificate only. */
  public SSLContext clientContext() {
    return clientContext;
  }

  /** A trust manager that trusts this certificate only. */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }
}
