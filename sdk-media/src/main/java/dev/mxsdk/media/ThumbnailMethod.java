package dev.mxsdk.media;

/** How the server fits a thumbnail into the requested size (the spec's {@code method}). */
public enum ThumbnailMethod {
  /** Crop to the requested aspect ratio, then scale. */
  CROP("crop"),
  /** Scale to fit inside the requested size, keeping the aspect ratio. */
  SCALE("scale");

  private final String wireName;

  ThumbnailMethod(String wireName) {
    this.wireName = wireName;
  }

  /** {@return the value of the {@code method} query parameter: {@code crop} or {@code scale}} */
  public String wireName() {
    return wireName;
  }
}
