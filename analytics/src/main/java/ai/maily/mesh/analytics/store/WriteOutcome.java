package ai.maily.mesh.analytics.store;

/** What writing one event did. */
public sealed interface WriteOutcome {

  /** The event is new and now stored at {@code offset}. */
  record Stored(long offset) implements WriteOutcome {}

  /** The tenant's event with this id was stored before, at {@code offset}; nothing changed. */
  record Duplicate(long offset) implements WriteOutcome {}

  /**
   * The database refused this event (not the batch: the others were written without it); nothing of
   * it was stored.
   */
  record Refused(String reason) implements WriteOutcome {}
}
