package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.llm.ChatRequest;
import ai.maily.mesh.agents.llm.DraftRelay;
import ai.maily.mesh.agents.llm.LanguageModel;
import ai.maily.mesh.agents.llm.LanguageModelFailure;
import ai.maily.mesh.agents.llm.StructuredOutput;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The copywriter's generator when the node has a language model: asks it for the copy as JSON
 * ({@link CopyPrompt}, checked by {@link StructuredOutput}), streaming the answer to the task's
 * canvas as a draft while it is written, and shapes the answer like the local composer's ({@link
 * ModelCopy}): {@code generator: llm}, the model's name and the tokens it used.
 *
 * <ul>
 *   <li>Without a model, the {@link LocalComposer} writes, as on a node without one ({@code
 *       generator: local}).
 *   <li>When a call brings no answer ({@link LanguageModelFailure}: the breaker open, a timeout, a
 *       429, a server error...), the composer writes and the copy says why ({@code generator:
 *       local}, {@code fallback: {reason, detail}}).
 *   <li>When the model answers wrongly twice, the step fails with the problems named (a
 *       non-retryable failure from {@link StructuredOutput}): a model that does not follow the
 *       schema is not an outage to hide.
 * </ul>
 */
public final class LanguageModelWriter implements CopyGenerator {

  /** The generator's name in the agent's output. */
  public static final String NAME = "llm";

  private final BiFunction<AgentRequest, AgentContext, Optional<LanguageModel>> models;
  private final Function<AgentContext, EmbeddingModel> embeddings;
  private final LocalComposer composer;

  /**
   * @param models the model a request may use, if any (the node's, charged to the request's budget)
   * @param embeddings the embedding model that ranks the copy, the model's and the composer's
   */
  public LanguageModelWriter(
      BiFunction<AgentRequest, AgentContext, Optional<LanguageModel>> models,
      Function<AgentContext, EmbeddingModel> embeddings) {
    this.models = models;
    this.embeddings = embeddings;
    this.composer = new LocalComposer(embeddings);
  }

  @Override
  public CompletionStage<Copy> write(CopyBrief brief, AgentRequest request, AgentContext context) {
    Optional<LanguageModel> model = models.apply(request, context);
    if (model.isEmpty()) {
      return composer.write(brief, request, context);
    }
    DraftCopy drafts = DraftCopy.of(brief.draft());
    ChatRequest chat = CopyPrompt.of(brief, drafts);
    String modelName = model.get().modelName();
    return StructuredOutput.ask(model.get(), chat, DraftRelay.forStep(request, context))
        .handle(
            (answer, failure) ->
                failure == null
                    ? shaped(answer, modelName, brief, drafts, context)
                    : fallback(unwrapped(failure), brief, request, context))
        .thenCompose(copy -> copy);
  }

  /** The model's answer as the copywriter's copy: checked, embedded and ranked. */
  private CompletionStage<Copy> shaped(
      StructuredOutput.Answer answer,
      String modelName,
      CopyBrief brief,
      DraftCopy drafts,
      AgentContext context) {
    Generation generation = Generation.model(modelName, answer.usage(), answer.calls().size());
    // Checking and embedding every line is work for the agent's executor, not the HTTP client's.
    return CompletableFuture.supplyAsync(
            () ->
                ModelCopy.of(answer.value(), brief, drafts, embeddings.apply(context), generation),
            context.blockingExecutor())
        .thenCompose(copy -> copy);
  }

  private CompletionStage<Copy> fallback(
      Throwable failure, CopyBrief brief, AgentRequest request, AgentContext context) {
    if (!(failure instanceof LanguageModelFailure noAnswer)) {
      return CompletableFuture.failedFuture(failure);
    }
    context
        .log()
        .warn(
            "The language model brought no answer ({}: {}); the local composer writes",
            noAnswer.reason(),
            noAnswer.getMessage());
    Generation.Fallback why =
        new Generation.Fallback(noAnswer.reason().name(), noAnswer.getMessage());
    return CompletableFuture.supplyAsync(
            () -> composer.write(brief, request, context), context.blockingExecutor())
        .thenCompose(copy -> copy)
        .thenApply(copy -> copy.by(Generation.localAfter(why)));
  }

  private static Throwable unwrapped(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
