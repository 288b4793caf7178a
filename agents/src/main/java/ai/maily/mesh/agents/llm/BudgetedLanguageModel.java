package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.budget.Budgets;
import ai.maily.mesh.core.budget.Reservation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * A language model whose every call, for one agent request, is charged to the tenant's and the
 * task's budgets (ADR 0028, 0029): before a call it reserves the call's {@link #estimate} in the
 * tenant's ledger, and the call is made only once the ledger grants it; after, it settles what the
 * call used ({@link Completion#usage()}), or releases the reservation when the call brought
 * nothing.
 *
 * <ul>
 *   <li>A refused reservation fails the call with the ledger's non-retryable {@code
 *       budget-exceeded} {@code AgentFailure}, not a {@link LanguageModelFailure}: the agent does
 *       not fall back to its local composer, its step fails with that type (issue 18: a call that
 *       would cross the budget is not made, and the step says so). A ledger that does not answer
 *       fails it as retryable.
 *   <li>A call that fails after its answer began streaming was billed for what the server
 *       generated: its reservation is settled with the prompt's estimate and the streamed text's
 *       ({@link TokenEstimate}). One that fails before (the breaker open, a 429 or 5xx, a
 *       connection refused, no first token in time) releases its reservation.
 *   <li>A settle or release the ledger never records does not fail the call, whose answer is in
 *       hand: the reservation expires and its estimate counts as spent.
 * </ul>
 *
 * <p>Each call is named {@code <request id>:llm:<n>}, n counting the calls of this request (a
 * structured answer's retry is the second), so a reserve the client retries meets its own
 * reservation.
 */
public final class BudgetedLanguageModel implements LanguageModel {

  private final LanguageModel model;
  private final Budgets budgets;
  private final AgentRequest request;
  private final Logger log;
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * @param request the agent request the calls serve: its tenant, task and id
   */
  public BudgetedLanguageModel(
      LanguageModel model, Budgets budgets, AgentRequest request, Logger log) {
    this.model = model;
    this.budgets = budgets;
    this.request = request;
    this.log = log;
  }

  @Override
  public String modelName() {
    return model.modelName();
  }

  @Override
  public TokenUsage estimate(ChatRequest chat) {
    return model.estimate(chat);
  }

  @Override
  public CompletionStage<Completion> complete(ChatRequest chat, TokenListener listener) {
    String callId = request.requestId() + ":llm:" + calls.incrementAndGet();
    TokenUsage estimate = estimate(chat);
    return budgets
        .reserve(
            request.tenant(),
            request.taskId(),
            callId,
            modelName(),
            estimate.promptTokens(),
            estimate.completionTokens())
        .thenCompose(reservation -> charged(reservation, estimate, chat, listener));
  }

  private CompletionStage<Completion> charged(
      Reservation reservation, TokenUsage estimate, ChatRequest chat, TokenListener listener) {
    StreamedText streamed = new StreamedText(listener);
    return model
        .complete(chat, streamed)
        .handle(
            (completion, failure) -> {
              if (failure == null) {
                TokenUsage used = completion.usage();
                return recorded(
                        budgets.settle(reservation, used.promptTokens(), used.completionTokens()),
                        reservation,
                        "settle")
                    .thenApply(done -> completion);
              }
              boolean began = streamed.began();
              CompletionStage<?> record =
                  began
                      ? budgets.settle(reservation, estimate.promptTokens(), streamed.tokens())
                      : budgets.release(reservation);
              return recorded(record, reservation, began ? "settle" : "release")
                  .thenCompose(
                      done -> CompletableFuture.<Completion>failedFuture(unwrapped(failure)));
            })
        .thenCompose(stage -> stage);
  }

  /** {@code record}'s stage, never failed: a failure is logged and left to the expiry. */
  private CompletionStage<Void> recorded(
      CompletionStage<?> record, Reservation reservation, String what) {
    return record.handle(
        (recorded, failure) -> {
          if (failure != null) {
            log.warn(
                "The budget ledger did not record the {} of call {}; its reservation will expire"
                    + " and count as spent: {}",
                what,
                reservation.requestId(),
                unwrapped(failure).getMessage());
          }
          return null;
        });
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  /** Passes the answer on and keeps it, to be read after the call on another thread. */
  private static final class StreamedText implements TokenListener {

    private final TokenListener listener;
    private final StringBuffer text = new StringBuffer();

    StreamedText(TokenListener listener) {
      this.listener = listener;
    }

    @Override
    public void onToken(String delta) {
      text.append(delta);
      listener.onToken(delta);
    }

    @Override
    public void onComplete(String whole) {
      listener.onComplete(whole);
    }

    boolean began() {
      return text.length() > 0;
    }

    int tokens() {
      return TokenEstimate.ofText(text.toString());
    }
  }
}
