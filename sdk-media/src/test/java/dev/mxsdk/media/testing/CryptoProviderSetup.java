package dev.mxsdk.media.testing;

import java.security.Provider;
import java.security.Security;
import org.conscrypt.Conscrypt;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs Conscrypt (what Android uses) as the first JCA provider when the system property
 * {@code mxsdk.test.provider} is {@code conscrypt}. The Surefire execution {@code crypto-conscrypt}
 * sets it and runs every test tagged {@code crypto} again.
 */
public final class CryptoProviderSetup implements LauncherSessionListener {
  public static final String PROPERTY = "mxsdk.test.provider";

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (isConscryptRun()) {
      Provider provider = Conscrypt.newProvider();
      if (Security.getProvider(provider.getName()) == null) {
        Security.insertProviderAt(provider, 1);
      }
    }
  }

  public static boolean isConscryptRun() {
    return "conscrypt".equals(System.getProperty(PROPERTY));
  }
}
