package dev.mxsdk.media.internal.flow;

import java.io.IOException;
import okio.Source;

/**
 * Receives what each attempt of an upload sends (plain media: the plaintext; E2EE media: the
 * ciphertext), so that the disk cache can keep it: the bytes of the attempt that succeeds are the
 * ones the server stored. Implemented by {@code internal.cache}, which the flow does not know.
 */
public interface UploadTee {
  /**
   * Starts an attempt: returns {@code sent} with every byte read from it also kept, and forgets
   * what an earlier attempt kept.
   */
  Source attempt(Source sent) throws IOException;
}
