package ai.maily.mesh.bench;

import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.Plan;
import ai.maily.mesh.core.task.Step;
import ai.maily.mesh.core.task.TaskAdmission;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskCoordinator.TaskEnded;
import ai.maily.mesh.core.task.TaskCoordinator.TaskReply;
import ai.maily.mesh.core.task.TaskIds;
import ai.maily.mesh.core.task.TaskStatus;
import ai.maily.mesh.core.task.TaskSubmission;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Drives a node's task coordinators: submits tasks with the 5-step fan-out/fan-in plan {@code a →
 * (b, c, d) → e} through cluster sharding and times each one from its submission to its {@link
 * TaskEnded} event. Either a fixed number of tasks is kept in flight (closed loop) or tasks arrive
 * at a fixed rate whatever the mesh does (open loop).
 */
final class TaskLoad {

  /**
   * What happened during a phase's window: tasks that ended in it, its length, the cores used and
   * the database's counters.
   */
  record Window(long completed, Duration duration, CpuUsage.Cores cpu, DatabaseCounters database) {

    double seconds() {
      return duration.toNanos() / 1e9;
    }
  }

  /**
   * How one load phase went: its window, and the latencies of every task submitted in it, including
   * those that ended after it; for an open loop also by the second in which each task was due, how
   * late the load itself submitted the tasks of each second (its lag behind their due time), and
   * how many of its tasks had not ended {@link #DRAIN_TIMEOUT} after it (their latencies are
   * missing from the others).
   */
  record PhaseResult(
      int concurrency,
      double offeredPerSecond,
      Window window,
      LatencyRecorder.Summary latency,
      List<LatencyRecorder.Summary> bySecond,
      List<LatencyRecorder.Summary> lagBySecond,
      int unfinished) {

    double tasksPerSecond() {
      return window.completed() / window.seconds();
    }
  }

  static final String TENANT = "bench";
  static final Plan FAN_OUT_FAN_IN =
      new Plan(
          List.of(
              step("a", List.of()),
              step("b", List.of("a")),
              step("c", List.of("a")),
              step("d", List.of("a")),
              step("e", List.of("b", "c", "d"))));

  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final JsonNode INPUT =
      JsonNodeFactory.instance.objectNode().put("brief", "benchmark task");

  /**
   * Runs the submit callback on the thread that completes the ask. Pekko's Java ask returns Scala's
   * CompletableFuture adapter, which turns a plain {@code whenComplete} into {@code
   * whenCompleteAsync} on the common pool; on 2 cores that pool has parallelism 1, and the JDK then
   * starts a new thread per callback, which the load driver must not add to the mesh's cost.
   */
  private static final Executor CALLING_THREAD = Runnable::run;

  /** A submitted task that has not ended: when it started and where its latency goes. */
  private record Pending(long startNanos, LatencyRecorder recorder, Runnable onEnd) {}

  /** The readings taken when a phase's window opens. */
  private record WindowStart(long nanos, long ended, CpuUsage cpu, DatabaseCounters database) {}

  private final ClusterSharding sharding;
  private final TaskAdmission admission;
  private final Duration askTimeout;
  private final BenchDatabase database;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  /** Tasks whose coordinator took them on (or did not answer): those that write to the journal. */
  private final AtomicLong admitted = new AtomicLong();

  private final AtomicLong ended = new AtomicLong();

  private TaskLoad(ActorSystem<?> system, Duration askTimeout, BenchDatabase database) {
    this.sharding = ClusterSharding.get(system);
    this.admission = TaskAdmission.get(system);
    this.askTimeout = askTimeout;
    this.database = database;
  }

  /** A load on the node of {@code system}, whose journal is in {@code database}. */
  static TaskLoad on(ActorSystem<?> system, Duration askTimeout, BenchDatabase database) {
    TaskLoad load = new TaskLoad(system, askTimeout, database);
    ActorRef<TaskEnded> listener =
        system.systemActorOf(load.listener(), "bench-task-ends", Props.empty());
    // The classic event stream subscribes synchronously: no task can end unheard after this line.
    system.classicSystem().eventStream().subscribe(Adapter.toClassic(listener), TaskEnded.class);
    return load;
  }

  private static Step step(String id, List<String> dependsOn) {
    return Step.agent(id, NoopAgent.NAME, dependsOn, 30_000, 3);
  }

  private Behavior<TaskEnded> listener() {
    return Behaviors.receiveMessage(
        end -> {
          Pending task = pending.remove(end.taskId());
          if (task != null) {
            if (end.status() == TaskStatus.COMPLETED) {
              task.recorder().record(System.nanoTime() - task.startNanos());
            } else {
              task.recorder().fail();
            }
            ended.incrementAndGet();
            task.onEnd().run();
          }
          return Behaviors.same();
        });
  }

  long admitted() {
    return admitted.get();
  }

  /** Keeps {@code concurrency} tasks in flight for {@code duration}, then waits for them to end. */
  PhaseResult closedLoop(int concurrency, Duration duration)
      throws InterruptedException, SQLException {
    LatencyRecorder recorder = new LatencyRecorder();
    Semaphore slots = new Semaphore(concurrency);
    WindowStart start = openWindow();
    long deadline = start.nanos() + duration.toNanos();
    for (long now = start.nanos(); now < deadline; now = System.nanoTime()) {
      if (slots.tryAcquire(deadline - now, TimeUnit.NANOSECONDS)) {
        submit(System.nanoTime(), recorder, slots::release);
      }
    }
    Window window = closeWindow(start);
    if (!slots.tryAcquire(concurrency, DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(
          (concurrency - slots.availablePermits()) + " tasks did not end within " + DRAIN_TIMEOUT);
    }
    return new PhaseResult(
        concurrency, Double.NaN, window, recorder.summary(), List.of(), List.of(), 0);
  }

  /**
   * Submits {@code perSecond} tasks a second for {@code duration}, each on schedule whatever the
   * mesh's state, then waits for them to end, at most {@link #DRAIN_TIMEOUT}. A task's latency
   * counts from its scheduled time, so a late submission shows up instead of hiding (no coordinated
   * omission). A rate the mesh cannot keep up with leaves tasks unfinished instead of failing.
   */
  PhaseResult openLoop(double perSecond, Duration duration)
      throws InterruptedException, SQLException {
    LatencyRecorder recorder = new LatencyRecorder();
    List<LatencyRecorder> seconds = new ArrayList<>();
    List<LatencyRecorder> lags = new ArrayList<>();
    Semaphore outstanding = new Semaphore(0);
    long interval = (long) (1e9 / perSecond);
    WindowStart start = openWindow();
    long deadline = start.nanos() + duration.toNanos();
    int tasks = 0;
    for (long due = start.nanos(); due < deadline; due += interval) {
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      int second = (int) TimeUnit.NANOSECONDS.toSeconds(due - start.nanos());
      while (seconds.size() <= second) {
        seconds.add(recorder.slice());
        lags.add(new LatencyRecorder());
      }
      lags.get(second).record(System.nanoTime() - due);
      submit(due, seconds.get(second), outstanding::release);
      tasks++;
    }
    Window window = closeWindow(start);
    boolean drained = outstanding.tryAcquire(tasks, DRAIN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    return new PhaseResult(
        0,
        perSecond,
        window,
        recorder.summary(),
        seconds.stream().map(LatencyRecorder::summary).toList(),
        lags.stream().map(LatencyRecorder::summary).toList(),
        drained ? 0 : tasks - outstanding.availablePermits());
  }

  private WindowStart openWindow() throws SQLException {
    DatabaseCounters database = DatabaseCounters.read(this.database);
    CpuUsage cpu = CpuUsage.read();
    return new WindowStart(System.nanoTime(), ended.get(), cpu, database);
  }

  private Window closeWindow(WindowStart start) throws SQLException {
    long nanos = System.nanoTime();
    long completed = ended.get() - start.ended();
    CpuUsage.Cores cpu = CpuUsage.read().since(start.cpu());
    DatabaseCounters database = DatabaseCounters.read(this.database).since(start.database());
    return new Window(completed, Duration.ofNanos(nanos - start.nanos()), cpu, database);
  }

  /**
   * Submits one task as the edge does: refused at once while the node is full (ADR 0016), and
   * refused by its coordinator when the node fills in between. A refusal ends the task for the load
   * (it is not submitted again) without counting as one that ended.
   */
  private void submit(long startNanos, LatencyRecorder recorder, Runnable onEnd) {
    if (!admission.tryStartSubmission()) {
      recorder.refuse();
      onEnd.run();
      return;
    }
    // The id the edge gives a submission without an idempotency key.
    String taskId = TaskIds.taskIdFor(TENANT, "");
    pending.put(taskId, new Pending(startNanos, recorder, onEnd));
    sharding
        .entityRefFor(TaskCoordinator.ENTITY_KEY, TaskIds.entityId(TENANT, taskId))
        .<TaskReply>ask(
            replyTo ->
                new TaskCoordinator.Submit(
                    TaskSubmission.of("", FAN_OUT_FAN_IN, INPUT, "", "bench"), replyTo),
            askTimeout)
        .whenCompleteAsync(
            (reply, failure) -> {
              admission.endSubmission();
              boolean refused =
                  reply instanceof TaskCoordinator.Refused r
                      && r.rejection().type() == ProblemType.OVERLOADED;
              if (!refused) {
                admitted.incrementAndGet();
              }
              if (reply instanceof TaskCoordinator.Done done && done.created()) {
                return;
              }
              Pending task = pending.remove(taskId);
              if (task == null) {
                return;
              }
              if (refused) {
                task.recorder().refuse();
              } else {
                task.recorder().fail();
                ended.incrementAndGet();
              }
              task.onEnd().run();
            },
            CALLING_THREAD);
  }
}
