package ai.maily.mesh.core.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

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
  private final Predicate<E> ownRow;
  private final Runnable sendWrite;
  private boolean writeSent;

  /**
   * @param batchOf the entity's batch event: the events of one write, in order, as one row
   * @param ownRow the events that keep a row of their own, outside any batch
   * @param sendWrite sends the entity's write message to itself
   */
  public GroupCommit(Function<List<E>, E> batchOf, Predicate<E> ownRow, Runnable sendWrite) {
    this.batchOf = batchOf;
    this.ownRow = ownRow;
    this.sendWrite = sendWrite;
  }

  /** Group commit for an entity whose events all go into batches. */
  public GroupCommit(Function<List<E>, E> batchOf, Runnable sendWrite) {
    this(batchOf, event -> false, sendWrite);
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
   * The journal rows of one write, in order: each run of events as its event when it is alone and
   * as one batch otherwise, and each event that keeps a row of its own as that row.
   */
  public List<E> rows(List<E> events) {
    List<E> rows = new ArrayList<>(2);
    List<E> run = new ArrayList<>();
    for (E event : events) {
      if (ownRow.test(event)) {
        addRun(run, rows);
        rows.add(event);
      } else {
        run.add(event);
      }
    }
    addRun(run, rows);
    return rows;
  }

  private void addRun(List<E> run, List<E> rows) {
    if (!run.isEmpty()) {
      rows.add(run.size() == 1 ? run.get(0) : batchOf.apply(List.copyOf(run)));
      run.clear();
    }
  }
}
