package ai.maily.mesh.core.task;

import ai.maily.mesh.core.task.TaskCoordinator.TaskEnded;
import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.eventstream.EventStream;

/**
 * What one task tells the rest of its node as it opens, runs, parks, ends and stops: the node's
 * {@link TaskRecovery}, which wakes unfinished tasks after a crash or a rebalance (ADR 0018), the
 * running-task slot it holds in {@link TaskAdmission} (ADR 0016), and the event stream, which hears
 * of its end.
 */
final class TaskLifecycle {

  private final String entityId;
  private final ActorRef<TaskRecovery.Command> recovery;
  private final TaskAdmission admission;
  private final ActorRef<EventStream.Command> eventStream;
  private boolean holdsSlot;
  private boolean stoppedByShard;

  TaskLifecycle(
      String entityId,
      ActorRef<TaskRecovery.Command> recovery,
      TaskAdmission admission,
      ActorRef<EventStream.Command> eventStream) {
    this.entityId = entityId;
    this.recovery = recovery;
    this.admission = admission;
    this.eventStream = eventStream;
  }

  /**
   * Takes a slot for a new task if the node has one free. It is taken before the task's first
   * write: should that write fail, the entity stops and {@link #stopped} gives it back.
   */
  boolean admitNew() {
    holdsSlot = admission.tryAdmit();
    return holdsSlot;
  }

  /** What a new task that {@link #admitNew} refused is told. */
  String refusal() {
    return admission.refusal();
  }

  /** The task is open, since {@code createdAt}: written, or found unfinished on recovery. */
  void opened(Instant createdAt) {
    recovery.tell(new TaskRecovery.Opened(entityId, createdAt));
  }

  /**
   * Takes or gives back the task's slot: a task holds one while it has work to do, and not while it
   * only waits for approvals or after it ended.
   */
  void running(boolean running) {
    if (running && !holdsSlot) {
      admission.hold();
    } else if (!running && holdsSlot) {
      admission.release();
    }
    holdsSlot = running;
  }

  /** The task has just ended. */
  void ended(TaskEnded end) {
    running(false);
    recovery.tell(new TaskRecovery.Ended(entityId));
    eventStream.tell(new EventStream.Publish<>(end));
  }

  /** The entity recovered a task that had ended before. */
  void foundEnded() {
    recovery.tell(new TaskRecovery.Ended(entityId));
  }

  /**
   * The shard stops the entity: it passivates, or its shard moves to another node, or this node
   * stops. An open task is woken at once at its new home; when the whole node stops, the recovery
   * of the node that takes its shards finds it, or this node's when it starts again.
   */
  void stoppedByShard(boolean open) {
    stoppedByShard = true;
    if (open) {
      recovery.tell(new TaskRecovery.Moved(entityId));
    }
  }

  /**
   * The entity has stopped and gives back its slot. Stopped by a failure (a journal write, its
   * recovery) rather than by its shard, the task is woken again after a backoff.
   */
  void stopped() {
    running(false);
    if (!stoppedByShard) {
      recovery.tell(new TaskRecovery.Failed(entityId));
    }
  }
}
