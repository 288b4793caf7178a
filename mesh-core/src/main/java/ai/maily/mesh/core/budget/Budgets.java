package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.budget.BudgetLedger.Granted;
import ai.maily.mesh.core.budget.BudgetLedger.LedgerReply;
import ai.maily.mesh.core.budget.BudgetLedger.Recorded;
import ai.maily.mesh.core.budget.BudgetLedger.Refused;
import ai.maily.mesh.core.problem.ProblemType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.Patterns;

/**
 * The node's way to the tenants' budget ledgers (ADR 0029), for the code that calls a language
 * model. Around each call:
 *
 * <pre>{@code
 * Budgets budgets = Budgets.get(context.system());
 * budgets.reserve(tenant, taskId, requestId, model, promptTokens, maxTokens)   // before the call
 *     .thenCompose(reservation -> call(...)
 *         .thenCompose(answer -> budgets.settle(reservation, answer.promptTokens(),
 *                                                answer.completionTokens()).thenApply(u -> answer))
 *         .exceptionallyCompose(failure -> budgets.release(reservation)      // nothing was used
 *                                            .thenCompose(u -> CompletableFuture.failedStage(failure))));
 * }</pre>
 *
 * <p>A refused reservation fails the stage with an {@link AgentFailure} of type {@code
 * budget-exceeded}, not retryable, so an agent that lets it through fails its step with that type
 * and the call is never made. A ledger that does not answer fails it with a retryable {@link
 * AgentFailure}. The request id names one call, the same for every retry of it (e.g. {@code <agent
 * request id>:llm:<n>}): a reserve retried with it returns the same reservation, and a settle
 * retried counts once. A settle or release the ledger does not answer is tried again a few times;
 * should it never arrive, the reservation expires and its estimate counts as spent.
 */
public final class Budgets implements Extension, BudgetReader {

  /** Tries of a settle or release before its stage fails: each waits the ask timeout. */
  private static final int RECORD_TRIES = 3;

  private static final ExtensionId<Budgets> ID =
      new ExtensionId<>() {
        @Override
        public Budgets createExtension(ActorSystem<?> system) {
          ClusterSharding sharding = ClusterSharding.get(system);
          return new Budgets(
              system,
              tenant -> sharding.entityRefFor(BudgetLedger.ENTITY_KEY, tenant),
              BudgetSettings.fromConfig(system.settings().config()),
              system.settings().config().getDuration("mesh.ask-timeout"));
        }
      };

  private final ActorSystem<?> system;
  private final Function<String, RecipientRef<BudgetLedger.Command>> ledgers;
  private final BudgetSettings settings;
  private final Duration askTimeout;

  /**
   * @param ledgers the ledger of each tenant: sharding's entity in a node, a spawned one in tests
   */
  Budgets(
      ActorSystem<?> system,
      Function<String, RecipientRef<BudgetLedger.Command>> ledgers,
      BudgetSettings settings,
      Duration askTimeout) {
    this.system = system;
    this.ledgers = ledgers;
    this.settings = settings;
    this.askTimeout = askTimeout;
  }

  /** The node's budgets; {@link BudgetLedger#init} registers the ledgers they reach. */
  public static Budgets get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** The budgets' settings: the price table to estimate with, the currency, the limits. */
  public BudgetSettings settings() {
    return settings;
  }

  /**
   * Reserves budget for one call of {@code model} before it is made.
   *
   * @param taskId the task the call serves; empty for a call outside a task
   * @param requestId names the call; the same for every retry of it
   * @param estimatedPromptTokens the prompt's tokens, estimated
   * @param maxCompletionTokens the most completion tokens the call asks for
   * @return the reservation; or fails with an {@link AgentFailure}: {@code budget-exceeded} when
   *     the call would cross the task's or the tenant's budget, retryable when the ledger did not
   *     answer
   */
  public CompletionStage<Reservation> reserve(
      String tenant,
      String taskId,
      String requestId,
      String model,
      long estimatedPromptTokens,
      long maxCompletionTokens) {
    return ask(
            tenant,
            replyTo ->
                new BudgetLedger.Reserve(
                    taskId, requestId, model, estimatedPromptTokens, maxCompletionTokens, replyTo))
        .thenApply(
            reply -> {
              if (reply instanceof Granted granted) {
                return granted.reservation();
              }
              throw failure(reply);
            });
  }

  /**
   * Records what the reserved call used, which may be more than its estimate; once, however often
   * it is called.
   *
   * @return what the call now counts as used
   */
  public CompletionStage<Usage> settle(
      Reservation reservation, long promptTokens, long completionTokens) {
    return recorded(
        reservation.tenant(),
        replyTo -> new BudgetLedger.Settle(reservation, promptTokens, completionTokens, replyTo));
  }

  /** Frees a reservation whose call was not made or failed before it used anything. */
  public CompletionStage<Usage> release(Reservation reservation) {
    return recorded(
        reservation.tenant(), replyTo -> new BudgetLedger.Release(reservation, replyTo));
  }

  @Override
  public CompletionStage<BudgetView> view(String tenant, List<String> taskIds) {
    return AskPattern.ask(
        ledgers.apply(tenant),
        replyTo -> new BudgetLedger.GetBudget(List.copyOf(taskIds), replyTo),
        askTimeout,
        system.scheduler());
  }

  private CompletionStage<Usage> recorded(
      String tenant, Function<ActorRef<LedgerReply>, BudgetLedger.Command> command) {
    return retried(() -> ask(tenant, command), RECORD_TRIES)
        .thenApply(
            reply -> {
              if (reply instanceof Recorded recorded) {
                return recorded.counted();
              }
              throw failure(reply);
            });
  }

  /** {@code call}, tried again while it times out, up to {@code tries} in all. */
  private CompletionStage<LedgerReply> retried(
      Supplier<CompletionStage<LedgerReply>> call, int tries) {
    return call.get()
        .exceptionallyCompose(
            error ->
                tries > 1 && unanswered(error)
                    ? Patterns.after(
                        askTimeout,
                        system.classicSystem().scheduler(),
                        system.executionContext(),
                        () -> retried(call, tries - 1))
                    : CompletableFuture.failedStage(error));
  }

  private CompletionStage<LedgerReply> ask(
      String tenant, Function<ActorRef<LedgerReply>, BudgetLedger.Command> command) {
    CompletionStage<LedgerReply> reply =
        AskPattern.ask(ledgers.apply(tenant), command::apply, askTimeout, system.scheduler());
    return reply.exceptionallyCompose(
        error ->
            CompletableFuture.failedStage(
                unanswered(error)
                    ? AgentFailure.transientFault(
                        "the budget ledger of tenant "
                            + tenant
                            + " did not answer within "
                            + askTimeout)
                    : error));
  }

  private static boolean unanswered(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    return cause instanceof AskTimeoutException
        || cause instanceof TimeoutException
        || cause instanceof AgentFailure failure && failure.retryable();
  }

  /** The failure a refusal completes the caller's stage with. */
  private static AgentFailure failure(LedgerReply reply) {
    var rejection = ((Refused) reply).rejection();
    return switch (rejection.type()) {
      case BUDGET_EXCEEDED -> AgentFailure.refused(ProblemType.BUDGET_EXCEEDED, rejection.detail());
      case CONFLICT -> AgentFailure.transientFault(rejection.detail());
      default -> AgentFailure.invalidInput(rejection.detail());
    };
  }
}
