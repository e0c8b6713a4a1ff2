package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MatrixApiException;
import java.io.IOException;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/** The flow's view of sdk-core's {@link MatrixApiException}. */
final class ApiErrors {
  private ApiErrors() {}

  /** Reads the error from {@code response} (a bounded read of its body) and closes it. */
  static MatrixApiException from(Response response) throws IOException {
    try {
      return MatrixApiException.from(response);
    } finally {
      response.close();
    }
  }

  static @Nullable String errcode(MatrixApiException e) {
    return e.errcode();
  }

  static int status(MatrixApiException e) {
    return e.status();
  }

  /** The server's requested delay in milliseconds, or -1. */
  static long retryAfterMillis(MatrixApiException e) {
    return e.retryAfterMillis();
  }
}
