package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.core.HomeserverPath;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends one request to an origin other than the homeserver's (a CDN hop of a download, an MSC3870
 * {@code upload_url}) on a {@linkplain HomeserverPath#foreignClient foreign call path}: no
 * credentials, no app interceptors, no redirects followed. The call gets what is left of the
 * operation's deadline and is registered with its {@link CallHandle}, so that a cancel aborts it
 * and a failure after the cancel reads as {@code IOException("Canceled")}.
 */
final class ForeignHop {
  private ForeignHop() {}

  static Response execute(OkHttpClient foreignClient, Request request, CallHandle handle,
      Clock clock) throws IOException {
    handle.throwIfCanceled();
    Call call = foreignClient.newCall(request);
    HomeserverPath.applyDeadline(call, handle, clock);
    handle.running(call);
    try {
      return call.execute();
    } catch (IOException e) {
      throw handle.failure(e);
    }
  }
}
