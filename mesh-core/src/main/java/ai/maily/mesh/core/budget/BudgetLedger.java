package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.budget.LedgerState.Ended;
import ai.maily.mesh.core.budget.LedgerState.Outcome;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One tenant's budget ledger (entity id: the tenant): reserves budget for a language-model call
 * before it is made, refusing a call whose estimate would cross the tenant's or the task's budget,
 * then records what the call used (settle) or frees the reservation (release). Every change is an
 * event, so open reservations survive a restart and a crash never lets a tenant spend its budget
 * twice. Every command is idempotent by the call's request id (ADR 0029).
 *
 * <p>A reservation that is neither settled nor released within {@code reservation-timeout} expires,
 * and its estimate counts as spent: the call may have been made by an agent that died before it
 * could settle, and counting nothing would let the tenant spend past its limit. A settle or release
 * that comes after the expiry still corrects it.
 */
public final class BudgetLedger
    extends EventSourcedBehaviorWithEnforcedReplies<
        BudgetLedger.Command, BudgetLedger.Event, LedgerState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Budget");

  /** The most tokens one call may reserve or settle: anything more is a caller's mistake. */
  static final long MAX_TOKENS = 100_000_000L;

  // ---- commands ----

  /** Messages the ledger accepts. */
  public sealed interface Command extends CborSerializable {}

  /**
   * Set budget aside for one call of {@code model}: its estimated prompt tokens and the most
   * completion tokens it asks for. The same {@code requestId} again answers the same reservation.
   *
   * @param taskId the task the call serves; empty for a call outside a task
   */
  public record Reserve(
      String taskId,
      String requestId,
      String model,
      long estimatedPromptTokens,
      long maxCompletionTokens,
      ActorRef<LedgerReply> replyTo)
      implements Command {}

  /** Record what the reserved call used, once; a settle again answers the first. */
  public record Settle(
      Reservation reservation,
      long promptTokens,
      long completionTokens,
      ActorRef<LedgerReply> replyTo)
      implements Command {}

  /** Free a reservation whose call was not made, or failed before it used anything. */
  public record Release(Reservation reservation, ActorRef<LedgerReply> replyTo)
      implements Command {}

  /** Answer the tenant's budget and that of each of {@code taskIds}. */
  public record GetBudget(List<String> taskIds, ActorRef<BudgetView> replyTo) implements Command {}

  /** Reservations are due to expire; sent by the ledger's timer, also the timer's key. */
  enum ExpireDue implements Command {
    INSTANCE
  }

  // ---- replies ----

  /** The answer to a reserve, settle or release. */
  public sealed interface LedgerReply extends CborSerializable {}

  /** The call may be made within this reservation. */
  public record Granted(Reservation reservation) implements LedgerReply {}

  /** The settle or release is recorded; {@code counted} is what the call counts as used now. */
  public record Recorded(Usage counted) implements LedgerReply {}

  /**
   * Nothing was written: {@code budget-exceeded} for a call that would cross a budget, {@code
   * invalid-request} for a malformed command, {@code conflict} for a reserve whose request id has
   * ended.
   */
  public record Refused(Rejection rejection) implements LedgerReply {}

  // ---- events ----

  /** What the ledger persists. */
  public sealed interface Event extends CborSerializable {

    Instant at();
  }

  public record Reserved(Reservation reservation, Instant at) implements Event {}

  /**
   * A call's actual use, priced when it was settled.
   *
   * @param taskId the reservation's task, so that a settlement the ledger no longer remembers the
   *     reservation of still counts for it
   */
  public record Settled(
      String requestId,
      String taskId,
      String model,
      long promptTokens,
      long completionTokens,
      long costMicros,
      Instant at)
      implements Event {}

  public record Released(String requestId, Instant at) implements Event {}

  /** These reservations expired; their estimates count as used. */
  public record Expired(List<String> requestIds, Instant at) implements Event {}

  // ---- wiring ----

  /** Registers the entity type with sharding. */
  public static void init(ActorSystem<?> system) {
    BudgetSettings settings = BudgetSettings.fromConfig(system.settings().config());
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, Clock.systemUTC())));
  }

  /** The ledger of {@code tenant}, reading time from {@code clock}. */
  public static Behavior<Command> create(String tenant, BudgetSettings settings, Clock clock) {
    return Behaviors.withTimers(timers -> new BudgetLedger(tenant, settings, clock, timers));
  }

  private final String tenant;
  private final BudgetSettings settings;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final LedgerRules rules;

  private BudgetLedger(
      String tenant, BudgetSettings settings, Clock clock, TimerScheduler<Command> timers) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), tenant),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.tenant = tenant;
    this.settings = settings;
    this.clock = clock;
    this.timers = timers;
    this.rules = new LedgerRules(tenant, settings);
  }

  @Override
  public LedgerState emptyState() {
    return new LedgerState();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  // ---- command handlers ----

  @Override
  public CommandHandlerWithReply<Command, Event, LedgerState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Reserve.class, this::onReserve)
        .onCommand(Settle.class, this::onSettle)
        .onCommand(Release.class, this::onRelease)
        .onCommand(GetBudget.class, this::onGetBudget)
        .onCommand(ExpireDue.class, this::onExpireDue)
        .build();
  }

  private ReplyEffect<Event, LedgerState> onReserve(LedgerState state, Reserve cmd) {
    var known = state.open(cmd.requestId());
    if (known.isPresent()) {
      return Effect().reply(cmd.replyTo(), new Granted(known.get()));
    }
    var ended = state.ended(cmd.requestId());
    if (ended.isPresent()) {
      return refuse(
          cmd.replyTo(),
          ProblemType.CONFLICT,
          "the reservation for request "
              + cmd.requestId()
              + " has ended ("
              + ended.get().outcome().name().toLowerCase(Locale.ROOT)
              + "); a new call needs a new request id");
    }
    String invalid = invalidReserve(cmd);
    if (invalid != null) {
      return refuse(cmd.replyTo(), ProblemType.INVALID_REQUEST, invalid);
    }
    Instant now = clock.instant();
    Reservation reservation =
        new Reservation(
            cmd.requestId(),
            tenant,
            cmd.taskId(),
            cmd.model(),
            cmd.estimatedPromptTokens(),
            cmd.maxCompletionTokens(),
            settings
                .prices()
                .costMicros(cmd.model(), cmd.estimatedPromptTokens(), cmd.maxCompletionTokens()),
            now.plus(settings.reservationTimeout()));
    var exceeded =
        rules.exceeded(reservation, state.totals(cmd.taskId(), now, settings.period()), now);
    if (exceeded.isPresent()) {
      return refuse(cmd.replyTo(), ProblemType.BUDGET_EXCEEDED, exceeded.get());
    }
    return write(state, now, new Reserved(reservation, now))
        .thenReply(cmd.replyTo(), s -> new Granted(reservation));
  }

  private ReplyEffect<Event, LedgerState> onSettle(LedgerState state, Settle cmd) {
    String invalid = invalidUse(cmd.reservation(), cmd.promptTokens(), cmd.completionTokens());
    if (invalid != null) {
      return refuse(cmd.replyTo(), ProblemType.INVALID_REQUEST, invalid);
    }
    String requestId = cmd.reservation().requestId();
    var ended = state.ended(requestId);
    if (ended.isPresent() && ended.get().outcome() == Outcome.SETTLED) {
      return Effect().reply(cmd.replyTo(), new Recorded(ended.get().counted()));
    }
    // The ledger's own record of the reservation counts, not the copy the caller sends back.
    Reservation reservation = state.open(requestId).orElse(cmd.reservation());
    String taskId = ended.map(Ended::taskId).orElse(reservation.taskId());
    Instant now = clock.instant();
    Settled settled =
        new Settled(
            requestId,
            taskId,
            reservation.model(),
            cmd.promptTokens(),
            cmd.completionTokens(),
            settings
                .prices()
                .costMicros(reservation.model(), cmd.promptTokens(), cmd.completionTokens()),
            now);
    return write(state, now, settled)
        .thenReply(
            cmd.replyTo(), s -> new Recorded(s.ended(requestId).map(Ended::counted).orElseThrow()));
  }

  private ReplyEffect<Event, LedgerState> onRelease(LedgerState state, Release cmd) {
    String requestId = cmd.reservation().requestId();
    if (!tenant.equals(cmd.reservation().tenant())) {
      return refuse(cmd.replyTo(), ProblemType.INVALID_REQUEST, otherTenant(cmd.reservation()));
    }
    var ended = state.ended(requestId);
    boolean releasable =
        state.open(requestId).isPresent()
            || ended.isPresent() && ended.get().outcome() == Outcome.EXPIRED;
    if (!releasable) {
      Usage counted = ended.map(Ended::counted).orElse(Usage.NONE);
      return Effect().reply(cmd.replyTo(), new Recorded(counted));
    }
    Instant now = clock.instant();
    return write(state, now, new Released(requestId, now))
        .thenReply(cmd.replyTo(), s -> new Recorded(Usage.NONE));
  }

  private ReplyEffect<Event, LedgerState> onGetBudget(LedgerState state, GetBudget cmd) {
    return Effect().reply(cmd.replyTo(), rules.view(state, cmd.taskIds(), clock.instant()));
  }

  private ReplyEffect<Event, LedgerState> onExpireDue(LedgerState state, ExpireDue tick) {
    Instant now = clock.instant();
    List<String> due = state.dueAt(now);
    if (due.isEmpty()) {
      scheduleExpiry(state);
      return Effect().noReply();
    }
    return Effect()
        .persist(List.of(new Expired(due, now)))
        .thenRun(this::scheduleExpiry)
        .thenNoReply();
  }

  /**
   * Persists {@code event}, after an {@link Expired} of the reservations due by {@code now}: the
   * decision was taken on the totals they make, which count them as used.
   */
  private EffectBuilder<Event, LedgerState> write(LedgerState state, Instant now, Event event) {
    List<String> due = state.dueAt(now);
    List<Event> events = due.isEmpty() ? List.of(event) : List.of(new Expired(due, now), event);
    return Effect().persist(events).thenRun(this::scheduleExpiry);
  }

  private ReplyEffect<Event, LedgerState> refuse(
      ActorRef<LedgerReply> replyTo, ProblemType type, String detail) {
    return Effect().reply(replyTo, new Refused(new Rejection(type, detail)));
  }

  // ---- deciding ----

  private static String invalidReserve(Reserve cmd) {
    if (cmd.requestId() == null || cmd.requestId().isBlank()) {
      return "a reservation needs a request id";
    }
    if (cmd.model() == null || cmd.model().isBlank()) {
      return "a reservation needs the model it is for";
    }
    if (cmd.taskId() == null) {
      return "a reservation needs a task id, empty for a call outside a task";
    }
    if (cmd.maxCompletionTokens() < 1 || cmd.maxCompletionTokens() > MAX_TOKENS) {
      return "maxCompletionTokens must be between 1 and " + MAX_TOKENS;
    }
    if (cmd.estimatedPromptTokens() < 0 || cmd.estimatedPromptTokens() > MAX_TOKENS) {
      return "estimatedPromptTokens must be between 0 and " + MAX_TOKENS;
    }
    return null;
  }

  private String invalidUse(Reservation reservation, long promptTokens, long completionTokens) {
    if (!tenant.equals(reservation.tenant())) {
      return otherTenant(reservation);
    }
    if (promptTokens < 0 || promptTokens > MAX_TOKENS) {
      return "promptTokens must be between 0 and " + MAX_TOKENS;
    }
    if (completionTokens < 0 || completionTokens > MAX_TOKENS) {
      return "completionTokens must be between 0 and " + MAX_TOKENS;
    }
    return null;
  }

  private String otherTenant(Reservation reservation) {
    return "reservation "
        + reservation.requestId()
        + " is of tenant "
        + reservation.tenant()
        + ", not "
        + tenant;
  }

  // ---- events and signals ----

  @Override
  public EventHandler<LedgerState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent((state, event) -> state.apply(event, settings));
  }

  @Override
  public SignalHandler<LedgerState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::scheduleExpiry)
        .build();
  }

  /** Wakes the ledger when its next open reservation is due; stops the timer when none is open. */
  private void scheduleExpiry(LedgerState state) {
    state
        .nextExpiry()
        .ifPresentOrElse(
            at -> {
              Duration wait = Duration.between(clock.instant(), at);
              timers.startSingleTimer(ExpireDue.INSTANCE, wait.isNegative() ? Duration.ZERO : wait);
            },
            () -> timers.cancel(ExpireDue.INSTANCE));
  }
}
