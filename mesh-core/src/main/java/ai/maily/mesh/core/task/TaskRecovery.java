package ai.maily.mesh.core.task;

import ai.maily.mesh.core.resilience.Backoff;
import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the unfinished tasks and wakes them, in place of sharding's remember-entities (ADR 0018),
 * which wrote every task's start and stop and held each new task's first message until its start
 * was written.
 *
 * <p>One per node. The node's task coordinators tell it when a task opens ({@link Opened}), ends
 * ({@link Ended}) or moves to another node ({@link Moved}); that costs no write. Every {@code
 * flush-interval} it lists in {@link OpenTaskStore} the tasks that have been open for {@code
 * record-after}, drops those that ended, and sets its mark to the journal's end as it was {@code
 * scan-margin} ago: a task younger than {@code record-after} was opened after that position, so a
 * scan from the mark finds it in the journal, and an older one is listed. Tasks that end within
 * {@code record-after} — nearly all of them — never reach the store.
 *
 * <p>It wakes every task the store calls unfinished when told to {@link ResumeAll} (a node's start)
 * and, on the oldest node, when another member is removed (a crash or a leave). A task that moves
 * in a rebalance is woken at once ({@link Moved}): the message waits in sharding until the task's
 * shard has its new home. A task whose coordinator failed is woken after a backoff ({@link
 * Failed}). Waking a task that runs, or has ended, does no harm.
 *
 * <p>It owns its store and closes it when it stops, as the actor system terminates: a flush never
 * runs on a closed pool, whoever stops the node.
 */
public final class TaskRecovery {

  /** What the recovery of a node is told. */
  public sealed interface Command {}

  /**
   * A task is open on this node: submitted, or recovered unfinished.
   *
   * @param since when the task was submitted
   */
  public record Opened(String entityId, Instant since) implements Command {}

  /** A task on this node has ended, or was found ended when it was woken. */
  public record Ended(String entityId) implements Command {}

  /** A task still open has left this node in a rebalance; wake it at its new home. */
  public record Moved(String entityId) implements Command {}

  /**
   * A task's coordinator stopped on a failure (a journal write, its recovery); wake it after a
   * backoff that doubles with each failure until it ends.
   */
  public record Failed(String entityId) implements Command {}

  /** Find every unfinished task and wake it. */
  public enum ResumeAll implements Command {
    INSTANCE
  }

  private enum Flush implements Command {
    INSTANCE
  }

  private record Written(
      List<String> recorded, List<String> forgotten, Sample sample, long mark, Instant at)
      implements Command {}

  private record WriteFailed(List<String> recording, Throwable cause) implements Command {}

  private record Scanned(Set<String> ids, Instant started) implements Command {}

  private record ScanFailed(Throwable cause) implements Command {}

  private record MemberRemoved(Member member) implements Command {}

  private record WakeDue(String entityId) implements Command {}

  /**
   * @param recordAfter how long a task is open before it is listed
   * @param scanMargin how far behind the journal's end a node's mark stays; more than {@code
   *     recordAfter} plus two flushes, so a task is listed before the mark passes it
   * @param flushInterval how often the list and the mark are written
   * @param staleAfter after how long without a write a node's mark is dropped, once a scan has
   *     covered its tasks
   */
  public record Settings(
      Duration recordAfter, Duration scanMargin, Duration flushInterval, Duration staleAfter) {

    public Settings {
      if (recordAfter.plus(flushInterval.multipliedBy(2)).compareTo(scanMargin) >= 0) {
        throw new IllegalArgumentException(
            "mesh.tasks.recovery.scan-margin ("
                + scanMargin
                + ") must be more than record-after ("
                + recordAfter
                + ") plus two flush-intervals ("
                + flushInterval
                + ")");
      }
    }

    public static Settings fromConfig(Config recovery) {
      return new Settings(
          recovery.getDuration("record-after"),
          recovery.getDuration("scan-margin"),
          recovery.getDuration("flush-interval"),
          recovery.getDuration("stale-after"));
    }
  }

  /** A reading of the journal's end. */
  private record Sample(Instant at, long journalEnd) {}

  /** How far a task's entry has come: only open here, being listed, or listed. */
  private enum Phase {
    OPEN,
    RECORDING,
    RECORDED
  }

  private record Entry(Instant since, Phase phase) {}

  private static final Logger LOG = LoggerFactory.getLogger(TaskRecovery.class);

  /** A mark unchanged is written again after this long, so that it does not look stopped. */
  private static final Duration MARK_REFRESH = Duration.ofMinutes(1);

  /**
   * How long a failed task waits before it is woken again: 1 s, doubling with each failure up to 30
   * s: only the backoff's ceiling is used, as one task's failures need no jitter.
   */
  private static final Backoff FAILED_WAKE =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);

  /** How long a failed scan waits before it runs again. */
  private static final Duration SCAN_RETRY = Duration.ofSeconds(5);

  /**
   * Starts this node's recovery as a system actor, configured from {@code mesh.tasks.recovery}, and
   * has it wake the unfinished tasks it finds; it closes {@code store} when it stops.
   *
   * @param wake sends a task's entity, by entity id, a message that starts it
   */
  static ActorRef<Command> init(ActorSystem<?> system, OpenTaskStore store, Consumer<String> wake) {
    ActorRef<Command> recovery =
        system.systemActorOf(
            create(
                store,
                Settings.fromConfig(system.settings().config().getConfig("mesh.tasks.recovery")),
                Cluster.get(system).selfMember().address().toString(),
                wake,
                system.dispatchers().lookup(DispatcherSelector.blocking())),
            "task-recovery",
            Props.empty());
    recovery.tell(ResumeAll.INSTANCE);
    return recovery;
  }

  /**
   * The recovery of one node; it closes {@code store} when it stops.
   *
   * @param node this node's name in the store, its cluster address
   * @param wake sends a task's entity a message that starts it
   * @param blocking runs the store's calls, which block
   */
  public static Behavior<Command> create(
      OpenTaskStore store,
      Settings settings,
      String node,
      Consumer<String> wake,
      Executor blocking) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new TaskRecovery(context, timers, store, settings, node, wake, blocking)
                        .behavior()));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final OpenTaskStore store;
  private final Settings settings;
  private final String node;
  private final Consumer<String> wake;
  private final Executor blocking;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Entry> open = new HashMap<>();
  private final Set<String> forget = new HashSet<>();
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private boolean writing;
  private long writtenMark = -1;
  private Instant markWrittenAt = Instant.EPOCH;

  private TaskRecovery(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      OpenTaskStore store,
      Settings settings,
      String node,
      Consumer<String> wake,
      Executor blocking) {
    this.context = context;
    this.timers = timers;
    this.store = store;
    this.settings = settings;
    this.node = node;
    this.wake = wake;
    this.blocking = blocking;
  }

  private Behavior<Command> behavior() {
    timers.startTimerWithFixedDelay(Flush.INSTANCE, settings.flushInterval());
    ActorRef<ClusterEvent.MemberRemoved> removals =
        context.messageAdapter(
            ClusterEvent.MemberRemoved.class, e -> new MemberRemoved(e.member()));
    Cluster.get(context.getSystem())
        .subscriptions()
        .tell(Subscribe.create(removals, ClusterEvent.MemberRemoved.class));
    return Behaviors.receive(Command.class)
        .onMessage(Opened.class, this::onOpened)
        .onMessage(Ended.class, this::onEnded)
        .onMessage(Moved.class, this::onMoved)
        .onMessage(Failed.class, this::onFailed)
        .onMessage(WakeDue.class, w -> wakeNow(w.entityId()))
        .onMessage(Flush.class, f -> flush())
        .onMessage(Written.class, this::onWritten)
        .onMessage(WriteFailed.class, this::onWriteFailed)
        .onMessageEquals(ResumeAll.INSTANCE, this::scan)
        .onMessage(Scanned.class, this::onScanned)
        .onMessage(ScanFailed.class, this::onScanFailed)
        .onMessage(MemberRemoved.class, this::onMemberRemoved)
        .onSignal(PostStop.class, stopped -> closeStore())
        .build();
  }

  /**
   * Closes the store once the timers that flush to it are gone. It runs here, not on the blocking
   * dispatcher, which may be shutting down with the system; closing the idle connections is quick.
   * A write still in flight fails, and the next scan finds its tasks in the journal.
   */
  private Behavior<Command> closeStore() {
    store.close();
    return Behaviors.same();
  }

  private Behavior<Command> onOpened(Opened opened) {
    open.putIfAbsent(opened.entityId(), new Entry(opened.since(), Phase.OPEN));
    forget.remove(opened.entityId());
    return Behaviors.same();
  }

  private Behavior<Command> onEnded(Ended ended) {
    failures.remove(ended.entityId());
    Entry entry = open.remove(ended.entityId());
    if (entry == null || entry.phase() != Phase.OPEN) {
      // Listed, being listed, or unknown here (a task that ended before this node restarted).
      forget.add(ended.entityId());
    }
    return Behaviors.same();
  }

  private Behavior<Command> onMoved(Moved moved) {
    // A listed task stays listed: its new node lists it again, and drops it when it ends.
    open.remove(moved.entityId());
    failures.remove(moved.entityId());
    return wakeNow(moved.entityId());
  }

  private Behavior<Command> onFailed(Failed failed) {
    int count = failures.merge(failed.entityId(), 1, Integer::sum);
    timers.startSingleTimer(
        failed.entityId(), new WakeDue(failed.entityId()), FAILED_WAKE.ceiling(count));
    return Behaviors.same();
  }

  private Behavior<Command> wakeNow(String entityId) {
    wake.accept(entityId);
    return Behaviors.same();
  }

  private Behavior<Command> flush() {
    if (writing) {
      return Behaviors.same();
    }
    Instant now = clock.instant();
    Instant openBefore = now.minus(settings.recordAfter());
    List<String> due = new ArrayList<>();
    open.forEach(
        (id, entry) -> {
          if (entry.phase() == Phase.OPEN && !entry.since().isAfter(openBefore)) {
            due.add(id);
          }
        });
    due.forEach(id -> open.put(id, new Entry(open.get(id).since(), Phase.RECORDING)));
    List<String> forgetting = List.copyOf(forget);
    long mark = markToWrite(now);
    writing = true;
    context.pipeToSelf(
        CompletableFuture.supplyAsync(
            () -> {
              // Timed after the read: a reading is used only once scan-margin has passed since.
              long journalEnd = store.journalEnd();
              Sample sample = new Sample(clock.instant(), journalEnd);
              if (!due.isEmpty() || !forgetting.isEmpty() || mark >= 0) {
                store.write(node, mark, now.toEpochMilli(), due, forgetting);
              }
              return sample;
            },
            blocking),
        (sample, failure) ->
            failure == null
                ? new Written(due, forgetting, sample, mark, now)
                : new WriteFailed(due, failure));
    return Behaviors.same();
  }

  /**
   * The newest reading of the journal's end taken at least {@code scan-margin} ago, if it is to be
   * written; -1 otherwise. Older readings are dropped.
   */
  private long markToWrite(Instant now) {
    Instant cutoff = now.minus(settings.scanMargin());
    Sample usable = null;
    while (!samples.isEmpty() && !samples.peekFirst().at().isAfter(cutoff)) {
      usable = samples.pollFirst();
    }
    if (usable == null) {
      return -1;
    }
    samples.addFirst(usable);
    boolean changed = usable.journalEnd() != writtenMark;
    boolean due = !markWrittenAt.plus(MARK_REFRESH).isAfter(now);
    return changed || due ? usable.journalEnd() : -1;
  }

  private Behavior<Command> onWritten(Written written) {
    writing = false;
    settleRecording(written.recorded(), Phase.RECORDED);
    written.forgotten().forEach(forget::remove);
    samples.addLast(written.sample());
    if (written.mark() >= 0) {
      writtenMark = written.mark();
      markWrittenAt = written.at();
    }
    return Behaviors.same();
  }

  /**
   * Moves the tasks that a write which has now ended was recording to {@code phase}; a task that
   * ended or moved meanwhile has left the map or its recording phase and is left as it is.
   */
  private void settleRecording(List<String> ids, Phase phase) {
    for (String id : ids) {
      Entry entry = open.get(id);
      if (entry != null && entry.phase() == Phase.RECORDING) {
        open.put(id, new Entry(entry.since(), phase));
      }
    }
  }

  private Behavior<Command> onWriteFailed(WriteFailed failed) {
    writing = false;
    settleRecording(failed.recording(), Phase.OPEN);
    LOG.warn(
        "could not list the open tasks; trying again in {}: {}",
        settings.flushInterval(),
        failed.cause().getMessage());
    return Behaviors.same();
  }

  private Behavior<Command> scan() {
    Instant started = clock.instant();
    context.pipeToSelf(
        CompletableFuture.supplyAsync(store::unfinished, blocking),
        (ids, failure) -> failure == null ? new Scanned(ids, started) : new ScanFailed(failure));
    return Behaviors.same();
  }

  private Behavior<Command> onScanned(Scanned scanned) {
    if (!scanned.ids().isEmpty()) {
      LOG.info("resuming {} unfinished task(s)", scanned.ids().size());
    }
    scanned.ids().forEach(wake);
    long silentSince = scanned.started().minus(settings.staleAfter()).toEpochMilli();
    CompletableFuture.runAsync(() -> store.forgetNodesSilentSince(silentSince), blocking)
        .exceptionally(
            e -> {
              LOG.warn("could not drop stopped nodes' marks: {}", e.getMessage());
              return null;
            });
    return Behaviors.same();
  }

  private Behavior<Command> onScanFailed(ScanFailed failed) {
    LOG.warn(
        "could not find the unfinished tasks; trying again in {}: {}",
        SCAN_RETRY,
        failed.cause().getMessage());
    timers.startSingleTimer(ResumeAll.INSTANCE, SCAN_RETRY);
    return Behaviors.same();
  }

  /** The oldest member left resumes the tasks of a member that was removed. */
  private Behavior<Command> onMemberRemoved(MemberRemoved removed) {
    Cluster cluster = Cluster.get(context.getSystem());
    Member self = cluster.selfMember();
    if (removed.member().equals(self)) {
      return Behaviors.same();
    }
    for (Member member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up() && member.isOlderThan(self)) {
        return Behaviors.same();
      }
    }
    return scan();
  }
}
