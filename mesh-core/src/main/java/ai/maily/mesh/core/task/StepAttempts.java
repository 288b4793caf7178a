package ai.maily.mesh.core.task;

import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.agent.AgentGateway;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The attempts one incarnation of a task coordinator sends to agents: which request ids it sent,
 * which of them await an answer, and the circuit breaker each went through, which hears how the
 * attempt went exactly once — from its answer, its timeout, or its abandonment when the coordinator
 * stops.
 *
 * <p>A recovered coordinator starts with none sent, so it sends its in-flight steps again with
 * their request ids, which the agents deduplicate.
 */
final class StepAttempts {

  /** An attempt on its way to an agent, and the breaker that let it through. */
  record Attempt(String stepId, int attempt, String agent, CircuitBreaker breaker) {}

  private final String tenant;
  private final String taskId;
  private final Function<String, CircuitBreaker> breakers;
  private final AgentGateway gateway;
  private final ActorRef<WorkOutcome> answers;
  private final Set<String> sent = new HashSet<>();
  private final Map<String, Attempt> awaiting = new HashMap<>();

  /**
   * @param breakers the breaker of each agent type, shared by the node's coordinators
   * @param gateway finds the agent entity that serves a request
   * @param answers where agents answer, the coordinator's message adapter
   */
  StepAttempts(
      String tenant,
      String taskId,
      Function<String, CircuitBreaker> breakers,
      AgentGateway gateway,
      ActorRef<WorkOutcome> answers) {
    this.tenant = tenant;
    this.taskId = taskId;
    this.breakers = breakers;
    this.gateway = gateway;
    this.answers = answers;
  }

  /** Whether this incarnation has sent the request. */
  boolean wasSent(String requestId) {
    return sent.contains(requestId);
  }

  /** Whether any attempt awaits its answer or timeout. */
  boolean anyAwaiting() {
    return !awaiting.isEmpty();
  }

  /**
   * Sends one attempt of {@code step} to its agent, if the agent's breaker lets it through; false
   * when the breaker refused it, and nothing was sent. The request id counts as sent either way.
   */
  boolean send(Step step, int attempt, String requestId, JsonNode input) {
    sent.add(requestId);
    CircuitBreaker breaker = breakers.apply(step.agent());
    if (!breaker.tryAcquire()) {
      return false;
    }
    awaiting.put(requestId, new Attempt(step.id(), attempt, step.agent(), breaker));
    gateway
        .entityFor(tenant, step.agent(), requestId)
        .tell(
            new AgentEntity.Perform(
                new AgentRequest(requestId, tenant, taskId, step.id(), input), answers));
    return true;
  }

  /**
   * The attempt an agent's answer is for, which its breaker now hears about; empty when the attempt
   * timed out already, or an earlier incarnation sent it.
   */
  Optional<Attempt> answered(WorkOutcome outcome) {
    Attempt attempt = awaiting.remove(outcome.requestId());
    if (attempt == null) {
      return Optional.empty();
    }
    if (outcome.status() == WorkOutcome.Status.REJECTED && outcome.retryable()) {
      // The agent was full: backpressure from a healthy agent, which the retry's backoff heeds.
      // Opening the breaker would fail every call to the agent type for its reset timeout.
      attempt.breaker().release();
    } else if (outcome.status() == WorkOutcome.Status.COMPLETED || !outcome.retryable()) {
      // A non-retryable failure is the input's fault, not a sign of an unhealthy agent.
      attempt.breaker().onSuccess();
    } else {
      attempt.breaker().onFailure(outcome.error());
    }
    return Optional.of(attempt);
  }

  /** The attempt that got no answer in time, a failure its breaker now hears about. */
  Optional<Attempt> timedOut(String requestId) {
    Attempt attempt = awaiting.remove(requestId);
    if (attempt != null) {
      attempt.breaker().onFailure("timeout");
    }
    return Optional.ofNullable(attempt);
  }

  /**
   * The coordinator stops with attempts unanswered: their breakers will never hear how they went,
   * and a half-open one would otherwise keep its trial slot for good.
   */
  void abandonAll() {
    awaiting.values().forEach(attempt -> attempt.breaker().release());
    awaiting.clear();
  }
}
