package dev.mxsdk.sample;

import java.util.Collections;
import java.util.TreeMap;
import javax.annotation.Priority;
import javax.inject.Inject;
import org.robolectric.internal.dependency.DependencyResolver;
import org.robolectric.pluginapi.Sdk;
import org.robolectric.plugins.DefaultSdkProvider;

/**
 * A Robolectric plugin (registered in {@code META-INF/services}) that makes API 34, the level the
 * tests pin, the only SDK Robolectric knows. Without it Robolectric also fetches the newest SDK it
 * supports (another 200 MB runtime jar) only to read the framework's resource table from it, even
 * though every test runs on 34.
 */
@Priority(1)
public final class Sdk34Only extends DefaultSdkProvider {
  static final int API_LEVEL = 34;

  @Inject
  public Sdk34Only(DependencyResolver dependencyResolver) {
    super(dependencyResolver);
  }

  @Override
  protected void populateSdks(TreeMap<Integer, Sdk> knownSdks) {
    super.populateSdks(knownSdks);
    knownSdks.keySet().retainAll(Collections.singleton(API_LEVEL));
  }
}
