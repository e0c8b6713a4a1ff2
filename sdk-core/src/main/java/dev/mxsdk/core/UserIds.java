package dev.mxsdk.core;

/** User ID grammar ({@code @localpart:server_name}), shared by sessions, logins and discovery. */
final class UserIds {
  private UserIds() {}

  /**
   * Returns the server name of {@code userId} ({@code @localpart:server_name}, split at the first
   * colon).
   *
   * @throws IllegalArgumentException if it is not a user ID; the message says why
   */
  static String serverNameOf(String userId) {
    if (!userId.startsWith("@")) {
      throw new IllegalArgumentException(
          "expected a user ID like @alice:example.org, was " + MxcUri.quote(userId));
    }
    int colon = userId.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "the user ID has no ':server_name': " + MxcUri.quote(userId));
    }
    if (colon == 1) {
      throw new IllegalArgumentException("the user ID has an empty localpart: " + MxcUri.quote(userId));
    }
    String serverName = userId.substring(colon + 1);
    String problem = MxcUri.serverNameProblem(serverName);
    if (problem != null) {
      throw new IllegalArgumentException(
          "the user ID's server name is invalid (" + problem + "): " + MxcUri.quote(userId));
    }
    return serverName;
  }

}
