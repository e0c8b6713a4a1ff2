package dev.mxsdk.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The uploads the homeserver judged, in arrival order. Thread-safe. */
final class UploadLog {
  private final List<RecordedUpload> uploads = new ArrayList<>();

  void record(RecordedUpload upload) {
    synchronized (uploads) {
      uploads.add(upload);
    }
  }

  /** A snapshot, unmodifiable. */
  List<RecordedUpload> snapshot() {
    synchronized (uploads) {
      return Collections.unmodifiableList(new ArrayList<>(uploads));
    }
  }

  void clear() {
    synchronized (uploads) {
      uploads.clear();
    }
  }
}
