package ai.maily.mesh.canvas.live;

/** What a session sends its client: frames, and at the end a close with its code. */
public sealed interface Outgoing {

  /**
   * A JSON text frame. An ephemeral one carries the key of what it says (its kind and sender): a
   * newer frame with the same key replaces an older one the client has not taken yet.
   */
  record Frame(String json, String conflationKey) implements Outgoing {

    public static Frame persistent(String json) {
      return new Frame(json, null);
    }
  }

  /** Closes the connection with {@code code} (RFC 6455 §7.4) and a short reason. */
  record Close(int code, String reason) implements Outgoing {}
}
