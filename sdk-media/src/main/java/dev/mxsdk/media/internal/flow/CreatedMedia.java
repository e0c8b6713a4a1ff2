package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MxcUri;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** What {@code POST /_matrix/media/v1/create} answered; the API makes a reservation of it. */
public final class CreatedMedia {
  public final MxcUri mxcUri;
  /** {@code unused_expires_at} in milliseconds since the epoch, or -1 when the server gave none. */
  public final long unusedExpiresAtMillis;
  /** MSC3870's {@code upload_url}, or null. A capability: never shown. */
  public final @Nullable HttpUrl uploadUrl;
  /** The method for {@link #uploadUrl} ({@code PUT} or {@code POST}), or null with no URL. */
  public final @Nullable String uploadMethod;

  CreatedMedia(MxcUri mxcUri, long unusedExpiresAtMillis, @Nullable HttpUrl uploadUrl,
      @Nullable String uploadMethod) {
    this.mxcUri = mxcUri;
    this.unusedExpiresAtMillis = unusedExpiresAtMillis;
    this.uploadUrl = uploadUrl;
    this.uploadMethod = uploadMethod;
  }
}
