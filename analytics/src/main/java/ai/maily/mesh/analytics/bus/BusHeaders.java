package ai.maily.mesh.analytics.bus;

/** The headers the mesh puts on messages it retries or dead-letters. */
public final class BusHeaders {

  /** How often the message has been retried. */
  public static final String RETRIES = "x-mesh-retries";

  /** The routing key it was first published with (a retry queue sends it back under another). */
  public static final String ROUTING_KEY = "x-mesh-routing-key";

  /** Why it was last retried, or why it was dead-lettered. */
  public static final String FAILURE_REASON = "x-mesh-failure-reason";

  /** {@code poison} (it can never be handled) or {@code retries-exhausted}. */
  public static final String FAILURE = "x-mesh-failure";

  /** When it was dead-lettered, as an RFC 3339 instant. */
  public static final String DEAD_LETTERED_AT = "x-mesh-dead-lettered-at";

  /** The {@link #FAILURE} of a message that can never be handled. */
  public static final String POISON = "poison";

  /** The {@link #FAILURE} of a message whose every retry failed. */
  public static final String RETRIES_EXHAUSTED = "retries-exhausted";

  private BusHeaders() {}
}
