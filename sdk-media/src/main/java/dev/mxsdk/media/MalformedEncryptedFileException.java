package dev.mxsdk.media;

import java.io.IOException;

/**
 * An {@code EncryptedFile} JSON object is malformed or unsupported: a required field is missing,
 * has the wrong type or size, or names an algorithm or version this SDK does not decrypt.
 *
 * <p>{@link #field()} names the offending field as a dotted path ({@code "key.k"},
 * {@code "hashes.sha256"}, {@code "v"}), or {@code "$"} when the document as a whole is not a JSON
 * object. The message says what was expected and what came; it never contains key material.
 */
public final class MalformedEncryptedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The JSON field that failed. */
  private final String field;

  /**
   * Creates an exception for {@code field} (a dotted path, {@code "$"} for the root) whose message
   * is {@code "EncryptedFile <field>: <message>"}. {@code message} must not contain key material.
   *
   * @param field the dotted path of the offending field, e.g. {@code "key.alg"}
   * @param message what was wrong with it
   */
  public MalformedEncryptedFileException(String field, String message) {
    super("EncryptedFile " + field + ": " + message);
    if (field == null) throw new NullPointerException("field == null");
    this.field = field;
  }

  /**
   * {@return the dotted path of the offending field, e.g. {@code "key.alg"}; {@code "$"} for the
   * root}
   */
  public String field() {
    return field;
  }
}
