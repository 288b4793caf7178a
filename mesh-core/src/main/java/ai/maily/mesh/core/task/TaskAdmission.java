package ai.maily.mesh.core.task;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Bounds the tasks a node runs at once ({@code mesh.tasks.max-running}), so that a node offered
 * more than it can do refuses new tasks instead of queueing them until its journal times out.
 *
 * <p>A task runs from its acceptance until it ends, except while it only waits for approvals: a
 * parked task costs neither CPU nor writes, and it may wait for days. A new task is admitted only
 * below the limit ({@link #tryAdmit}); a task that was already accepted — one that resumes after an
 * approval or a restart — always takes its slot back ({@link #hold}), so the count may exceed the
 * limit for a while and new tasks wait until it is below again.
 */
public final class TaskAdmission implements Extension {

  private static final ExtensionId<TaskAdmission> ID =
      new ExtensionId<>() {
        @Override
        public TaskAdmission createExtension(ActorSystem<?> system) {
          return fromConfig(system.settings().config().getConfig("mesh.tasks"));
        }
      };

  private final int limit;
  private final Duration retryAfter;
  private final AtomicInteger running = new AtomicInteger();

  /**
   * @param limit tasks the node runs at once; at least 1
   * @param retryAfter how long a refused client should wait before it submits again
   */
  public TaskAdmission(int limit, Duration retryAfter) {
    if (limit < 1) {
      throw new IllegalArgumentException("max-running must be at least 1, not " + limit);
    }
    this.limit = limit;
    this.retryAfter = retryAfter;
  }

  static TaskAdmission fromConfig(Config tasks) {
    return new TaskAdmission(
        tasks.getInt("max-running"), tasks.getDuration("overload-retry-after"));
  }

  /** The node's admission, shared by its task coordinators and its edge. */
  public static TaskAdmission get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Takes a slot for a new task if the node runs fewer than its limit; false if it is full. */
  public boolean tryAdmit() {
    int now;
    do {
      now = running.get();
      if (now >= limit) {
        return false;
      }
    } while (!running.compareAndSet(now, now + 1));
    return true;
  }

  /** Takes a slot for a task that was accepted before, whether or not the node is full. */
  public void hold() {
    running.incrementAndGet();
  }

  /** Gives back a slot taken by {@link #tryAdmit} or {@link #hold}. */
  public void release() {
    running.decrementAndGet();
  }

  /**
   * True while a new task would be admitted: lets a caller refuse early, without starting the
   * task's entity, when the node is full. {@link #tryAdmit} still decides.
   */
  public boolean hasRoom() {
    return running.get() < limit;
  }

  /** Tasks running now. */
  public int running() {
    return running.get();
  }

  public int limit() {
    return limit;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** What a refused submission is told. */
  public String refusal() {
    return "this node runs "
        + running.get()
        + " tasks, its limit is "
        + limit
        + "; submit again in "
        + retryAfter.toMillis()
        + " ms";
  }
}
