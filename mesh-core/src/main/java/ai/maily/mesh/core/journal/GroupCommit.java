package ai.maily.mesh.core.journal;

import java.util.List;
import java.util.function.Function;

/**
 * Group commit for an event-sourced entity: what the entity decides while a write is in flight
 * waits, and goes into its next write together, as one journal row (ADR 0008, 0013, 0019).
 *
 * <p>The entity asks for a write with {@link #askForWrite}, which sends the entity's write message
 * to itself once: the message queues behind the commands already in the mailbox and those stashed
 * during the write in flight, so what they decide joins the same write. What waits, and which of it
 * a write takes, is the entity's to keep; this class keeps the one message on its way and the shape
 * of the row.
 *
 * @param <E> the entity's event type
 */
public final class GroupCommit<E> {

  private final Function<List<E>, E> batchOf;
  private final Runnable sendWrite;
  private boolean writeSent;

  /**
   * @param batchOf the entity's batch event: the events of one write, in order, as one row
   * @param sendWrite sends the entity's write message to itself
   */
  public GroupCommit(Function<List<E>, E> batchOf, Runnable sendWrite) {
    this.batchOf = batchOf;
    this.sendWrite = sendWrite;
  }

  /** Asks for the next write: sends the write message unless one is on its way. */
  public void askForWrite() {
    if (!writeSent) {
      writeSent = true;
      sendWrite.run();
    }
  }

  /** The write message arrived; the next {@link #askForWrite} sends another. */
  public void writeArrived() {
    writeSent = false;
  }

  /**
   * The journal row of one write: its event when it is alone, otherwise one batch of its events in
   * order. Requires at least one event.
   */
  public E row(List<E> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a write holds at least one event");
    }
    return events.size() == 1 ? events.get(0) : batchOf.apply(List.copyOf(events));
  }
}
