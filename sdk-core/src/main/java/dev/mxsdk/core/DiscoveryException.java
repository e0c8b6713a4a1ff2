package dev.mxsdk.core;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Server discovery ({@code /.well-known/matrix/client}) failed. {@link #step()} names the step
 * that failed and {@link #action()} says what the spec tells the client to do next: ask the user
 * for the homeserver URL ({@link Action#FAIL_PROMPT}) or stop and show the error
 * ({@link Action#FAIL_ERROR}).
 *
 * <pre>{@code
 * try {
 *   homeserver = discovery.discover("@alice:example.org").homeserver();
 * } catch (DiscoveryException e) {
 *   if (e.action() == DiscoveryException.Action.FAIL_PROMPT) askForHomeserverUrl(e.getMessage());
 *   else showError(e.getMessage());
 * }
 * }</pre>
 *
 * <p>The message names the server name, the step and the problem; it never contains a credential
 * (discovery sends none).
 */
public final class DiscoveryException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The step of the discovery flow that failed, in the order they run. */
  public enum Step {
    /** Taking the server name from the user ID: the input is not a user ID or server name. */
    SERVER_NAME,
    /** Fetching and parsing {@code https://<server name>/.well-known/matrix/client}. */
    WELL_KNOWN,
    /** The homeserver {@code base_url}: missing, not a URL, or not https. */
    HOMESERVER_URL,
    /** Checking the homeserver with {@code GET /_matrix/client/versions}. */
    HOMESERVER_VERSIONS,
    /** The identity server's {@code base_url} or its check ({@code GET /_matrix/identity/v2}). */
    IDENTITY_SERVER
  }

  /** What the client should do, in the spec's terms. */
  public enum Action {
    /** The data was missing or invalid: ask the user for the homeserver URL. */
    FAIL_PROMPT,
    /** Valid data pointed at no usable server: stop, and let the user decide. */
    FAIL_ERROR
  }

  /** The step that failed. */
  private final Step step;
  /** What the spec says the client should do next. */
  private final Action action;

  /**
   * Creates the exception; {@code message} names the problem.
   *
   * @param step the discovery step that failed
   * @param action what the client should do next, per the spec's discovery rules
   * @param message what was expected and what came
   * @param cause the underlying failure, or null
   */
  public DiscoveryException(Step step, Action action, String message, @Nullable Throwable cause) {
    super(message, cause);
    if (step == null) throw new NullPointerException("step == null");
    if (action == null) throw new NullPointerException("action == null");
    this.step = step;
    this.action = action;
  }

  /** {@return the step that failed} */
  public Step step() {
    return step;
  }

  /** {@return what the client should do next} */
  public Action action() {
    return action;
  }
}
