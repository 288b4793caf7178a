package ai.maily.mesh.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The service provider interface of a mesh agent: one specialised capability that the mesh hosts in
 * a sharded, persistent {@link AgentEntity}.
 *
 * <p>The contract between the mesh and an agent:
 *
 * <ul>
 *   <li>The hosting entity calls {@link #perform} once per accepted request, and always on {@link
 *       AgentContext#blockingExecutor()}, never on the actor's thread. That is the only hop off the
 *       actor: an agent may block in {@code perform} (a rule engine, a model, a JDBC call) and must
 *       not hand its work to the blocking executor a second time.
 *   <li>An agent that waits on I/O with a non-blocking client (an LLM over HTTP) returns that
 *       client's stage instead of blocking; the entity holds no thread while it waits and fails the
 *       work as retryable once {@code work-timeout} passes. Blocking work that follows the reply
 *       (parsing a long answer) goes back onto the blocking executor.
 *   <li>Failures complete the stage exceptionally with an {@link AgentFailure}: non-retryable when
 *       the same input will fail again (invalid input, a rule violation), retryable for transient
 *       faults. Any other exception counts as retryable.
 *   <li>One instance serves every entity on the node, concurrently: implementations are
 *       thread-safe, and the schemas they hand out are theirs to keep (callers get copies).
 *   <li>What the tenant taught the agent (facts, preferences, feedback, approved examples) is read
 *       through {@link AgentContext#memory()}, bound to the request's tenant. Its reads are stages
 *       like any I/O: combine them, don't block on them; a failed read is a transient fault. A host
 *       without memory gives {@link ai.maily.mesh.core.memory.MemoryView#NONE}, which holds
 *       nothing, so an agent works without memories too.
 * </ul>
 *
 * <p>Most agents extend {@link SyncAgent} (parse the input, compute the output) or, when they wait
 * on I/O, {@link TypedAgent}; both keep this contract. Agents are found through {@link
 * AgentProvider}.
 */
public interface Agent {

  /** The agent type, unique in a registry: lower-case letters, digits and dashes. */
  String name();

  /** One sentence for people choosing an agent for a plan. */
  String description();

  /** JSON Schema of the {@code input} this agent reads from {@link AgentRequest#input()}. */
  JsonNode inputSchema();

  /** JSON Schema of {@link AgentOutput#data()}. */
  JsonNode outputSchema();

  /**
   * Does the work for one request; called at most once per request id, on {@link
   * AgentContext#blockingExecutor()}.
   */
  CompletionStage<AgentOutput> perform(AgentRequest request, AgentContext context);

  /**
   * About how many tokens one request of this agent spends on a language model, prompt and
   * completion together; 0, the default, for an agent that calls none (or none as configured). The
   * coordinator reads it to skip optional steps and narrow a step's fan-out when a budget runs low
   * (ADR 0029); what enforces the budget is the reservation the agent makes through {@link
   * ai.maily.mesh.core.budget.Budgets} before each call.
   */
  default long expectedTokens() {
    return 0;
  }

  /**
   * Whether, and on what terms, the host may answer a request from a cached result of the same
   * input instead of calling {@link #perform}; empty, the default, for never. Opt in only when the
   * output is a function of the input, the tenant's memory and the fingerprint (see {@link
   * ResultCaching}).
   */
  default Optional<ResultCaching> resultCaching() {
    return Optional.empty();
  }
}
