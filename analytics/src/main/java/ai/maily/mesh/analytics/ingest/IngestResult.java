package ai.maily.mesh.analytics.ingest;

import java.util.List;

/**
 * What an ingestion request stored, event by event, in the order sent.
 *
 * @param stored events stored now
 * @param duplicates events stored before (same tenant and event id), which changed nothing
 * @param events each event's outcome
 */
public record IngestResult(int stored, int duplicates, List<Item> events) {

  /** {@link #STORED} or {@link #DUPLICATE}. */
  public static final String STORED = "stored";

  /** The status of an event that was stored before. */
  public static final String DUPLICATE = "duplicate";

  /**
   * One event's outcome.
   *
   * @param eventId the event
   * @param status {@code stored} or {@code duplicate}
   * @param offset where the store holds it
   */
  public record Item(String eventId, String status, long offset) {}

  public IngestResult {
    events = List.copyOf(events);
  }
}
