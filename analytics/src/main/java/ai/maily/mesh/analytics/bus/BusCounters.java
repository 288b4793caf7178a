package ai.maily.mesh.analytics.bus;

import java.util.concurrent.atomic.LongAdder;

/** The bus's counters, which both implementations keep alike. */
public final class BusCounters {

  private final LongAdder published = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder retried = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder requeued = new LongAdder();

  /**
   * The counts at one moment.
   *
   * @param published messages the bus holds for the node (confirmed by the broker)
   * @param delivered messages handed to the node's consumers
   * @param redelivered of those, the ones that may have been delivered before
   * @param acked deliveries done with
   * @param retried deliveries sent to a retry queue
   * @param deadLettered deliveries sent to a dead-letter queue
   * @param requeued deliveries handed back unhandled
   */
  public record Snapshot(
      long published,
      long delivered,
      long redelivered,
      long acked,
      long retried,
      long deadLettered,
      long requeued) {}

  public void published() {
    published.increment();
  }

  public void delivered(boolean again) {
    delivered.increment();
    if (again) {
      redelivered.increment();
    }
  }

  public void acked() {
    acked.increment();
  }

  public void retried() {
    retried.increment();
  }

  public void deadLettered() {
    deadLettered.increment();
  }

  public void requeued() {
    requeued.increment();
  }

  public Snapshot snapshot() {
    return new Snapshot(
        published.sum(),
        delivered.sum(),
        redelivered.sum(),
        acked.sum(),
        retried.sum(),
        deadLettered.sum(),
        requeued.sum());
  }
}
