package ai.maily.mesh.core.task;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the tasks a node runs at once ({@code mesh.tasks.max-running}), so that a node offered
 * more than it can do refuses new tasks instead of queueing them until its journal times out.
 * {@code mesh.tasks.max-submitting} bounds the submissions on their way from this node's edge to a
 * coordinator ({@link #tryStartSubmission}), which queue in front of the running tasks: a task's
 * entity starts and reads its journal before it can take a slot.
 *
 * <p>A task runs from its acceptance until it ends, except while it only waits for approvals: a
 * parked task costs neither CPU nor writes, and it may wait for days. A new task is admitted only
 * below the limit ({@link #tryAdmit}); a task that was already accepted — one that resumes after an
 * approval or a restart — always takes its slot back ({@link #hold}), so the count may exceed the
 * limit for a while and new tasks wait until it is below again.
 *
 * <p>While it refuses, the node logs a warning at most every {@link #WARN_EVERY} with the number of
 * refusals since the previous one, so an operator sees when and how much a node was full without a
 * line per refusal.
 */
public final class TaskAdmission implements Extension {

  private static final Logger LOG = LoggerFactory.getLogger(TaskAdmission.class);
  private static final Duration WARN_EVERY = Duration.ofSeconds(10);

  private static final ExtensionId<TaskAdmission> ID =
      new ExtensionId<>() {
        @Override
        public TaskAdmission createExtension(ActorSystem<?> system) {
          return fromConfig(system.settings().config().getConfig("mesh.tasks"));
        }
      };

  private final int limit;
  private final int submissionLimit;
  private final Duration retryAfter;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger submitting = new AtomicInteger();
  private final AtomicLong refusalsUnreported = new AtomicLong();
  private final AtomicLong lastWarningNanos =
      new AtomicLong(System.nanoTime() - WARN_EVERY.toNanos());

  /**
   * @param limit tasks the node runs at once; at least 1
   * @param submissionLimit submissions on their way from this node's edge at once; at least 1
   * @param retryAfter how long a refused client should wait before it submits again
   */
  public TaskAdmission(int limit, int submissionLimit, Duration retryAfter) {
    if (limit < 1) {
      throw new IllegalArgumentException("max-running must be at least 1, not " + limit);
    }
    if (submissionLimit < 1) {
      throw new IllegalArgumentException(
          "max-submitting must be at least 1, not " + submissionLimit);
    }
    this.limit = limit;
    this.submissionLimit = submissionLimit;
    this.retryAfter = retryAfter;
  }

  static TaskAdmission fromConfig(Config tasks) {
    return new TaskAdmission(
        tasks.getInt("max-running"),
        tasks.getInt("max-submitting"),
        tasks.getDuration("overload-retry-after"));
  }

  /** The node's admission, shared by its task coordinators and its edge. */
  public static TaskAdmission get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Takes a slot for a new task if the node runs fewer than its limit; false if it is full. */
  public boolean tryAdmit() {
    return incrementBelow(running, limit) || refused();
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
   * Starts a submission from this node's edge to its task's coordinator, unless the node is full or
   * {@code max-submitting} submissions are on their way: a caller refuses early this way, without
   * starting the task's entity. The coordinator's {@link #tryAdmit} still decides. Every started
   * submission ends with {@link #endSubmission}, however it went.
   */
  public boolean tryStartSubmission() {
    return (running.get() < limit && incrementBelow(submitting, submissionLimit)) || refused();
  }

  /** The submission started by {@link #tryStartSubmission} has its answer, or gave up. */
  public void endSubmission() {
    submitting.decrementAndGet();
  }

  /** Adds one to {@code count} if it is below {@code bound}; false if it is not. */
  private static boolean incrementBelow(AtomicInteger count, int bound) {
    int now;
    do {
      now = count.get();
      if (now >= bound) {
        return false;
      }
    } while (!count.compareAndSet(now, now + 1));
    return true;
  }

  /** Counts a refusal, and logs the refusals if no warning was logged for a while; false. */
  private boolean refused() {
    refusalsUnreported.incrementAndGet();
    long now = System.nanoTime();
    long last = lastWarningNanos.get();
    if (now - last >= WARN_EVERY.toNanos() && lastWarningNanos.compareAndSet(last, now)) {
      LOG.warn(
          "node full: {} new tasks refused since the previous warning; {} running (limit {}), {}"
              + " submissions on their way (limit {})",
          refusalsUnreported.getAndSet(0),
          running.get(),
          limit,
          submitting.get(),
          submissionLimit);
    }
    return false;
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

  /** Submissions on their way from this node's edge. */
  public int submitting() {
    return submitting.get();
  }

  /** What a refused submission is told. */
  public String refusal() {
    return "this node runs "
        + running.get()
        + " tasks (limit "
        + limit
        + ") and has "
        + submitting.get()
        + " submissions on their way (limit "
        + submissionLimit
        + "); submit again in "
        + retryAfter.toMillis()
        + " ms";
  }
}
