package dev.mxsdk.media.internal.flow;

/**
 * MSC3910's content token on the wire: the {@value #HEADER} header a download or thumbnail
 * request carries beside {@code Authorization}, and the token's grammar (1 to 255 characters of
 * {@code A-Z a-z 0-9 - . _ ~}). The token is a credential: {@link RedirectChain} sends it on
 * homeserver hops only, and no message of the SDK contains it.
 */
public final class ContentTokens {
  /** The request header that carries the token. */
  public static final String HEADER = "X-Matrix-Content-Token";
  /** The longest token the grammar allows. */
  public static final int MAX_CHARS = 255;

  private ContentTokens() {}

  /** Whether {@code token} matches MSC3910's grammar. */
  public static boolean isValid(String token) {
    if (token.isEmpty() || token.length() > MAX_CHARS) return false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (!ok) return false;
    }
    return true;
  }
}
