package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.resilience.BreakerState;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class StepAttemptsTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  private final TestProbe<AgentEntity.Command> agent = testKit.createTestProbe();
  private final TestProbe<WorkOutcome> answers = testKit.createTestProbe();
  // Opens after one failure; one half-open trial.
  private final CircuitBreaker breaker =
      new CircuitBreaker("alpha", 1, Duration.ofHours(1), 1, Clock.systemUTC(), t -> {});
  private final StepAttempts attempts =
      new StepAttempts(
          "acme", "t1", type -> breaker, (tenant, type, id) -> agent.ref(), answers.ref());
  private final Step step = Step.agent("draft", "alpha", List.of(), 1_000, 3);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static WorkOutcome outcome(String requestId, WorkOutcome.Status status, boolean retry) {
    AgentOutput output =
        status == WorkOutcome.Status.COMPLETED
            ? new AgentOutput(JsonNodeFactory.instance.objectNode(), "")
            : null;
    return new WorkOutcome(requestId, status, output, "boom", retry, null);
  }

  @Test
  void sendsTheAttemptToItsAgentAndRemembersItUntilItIsAnswered() {
    assertThat(attempts.send(step, 1, "acme:t1:draft:1", JsonNodeFactory.instance.objectNode()))
        .isTrue();

    AgentEntity.Perform perform = agent.expectMessageClass(AgentEntity.Perform.class);
    assertThat(perform.request().requestId()).isEqualTo("acme:t1:draft:1");
    assertThat(perform.request().stepId()).isEqualTo("draft");
    assertThat(perform.replyTo()).isEqualTo(answers.ref());
    assertThat(attempts.wasSent("acme:t1:draft:1")).isTrue();
    assertThat(attempts.anyAwaiting()).isTrue();

    var answered =
        attempts.answered(outcome("acme:t1:draft:1", WorkOutcome.Status.COMPLETED, false));
    assertThat(answered).map(StepAttempts.Attempt::stepId).contains("draft");
    assertThat(attempts.anyAwaiting()).isFalse();
    assertThat(attempts.answered(outcome("acme:t1:draft:1", WorkOutcome.Status.COMPLETED, false)))
        .isEmpty();
  }

  @Test
  void aRetryableFailureCountsAgainstTheBreakerAndAnOpenBreakerSendsNothing() {
    attempts.send(step, 1, "r1", JsonNodeFactory.instance.objectNode());
    attempts.answered(outcome("r1", WorkOutcome.Status.FAILED, true));
    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.OPEN);
    agent.receiveMessage();

    assertThat(attempts.send(step, 2, "r2", JsonNodeFactory.instance.objectNode())).isFalse();
    agent.expectNoMessage(Duration.ofMillis(50));
    assertThat(attempts.wasSent("r2")).isTrue();
    assertThat(attempts.anyAwaiting()).isFalse();
  }

  @Test
  void aFullAgentOrTheInputsFaultLeavesTheBreakerClosed() {
    attempts.send(step, 1, "r1", JsonNodeFactory.instance.objectNode());
    attempts.answered(outcome("r1", WorkOutcome.Status.REJECTED, true));
    attempts.send(step, 2, "r2", JsonNodeFactory.instance.objectNode());
    attempts.answered(outcome("r2", WorkOutcome.Status.FAILED, false));

    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aTimeoutIsAFailureForTheBreakerAndEndsTheAttempt() {
    attempts.send(step, 1, "r1", JsonNodeFactory.instance.objectNode());

    assertThat(attempts.timedOut("r1")).map(StepAttempts.Attempt::attempt).contains(1);
    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.OPEN);
    assertThat(attempts.timedOut("r1")).isEmpty();
  }

  @Test
  void abandoningUnansweredAttemptsGivesBackTheirBreakerSlots() {
    CircuitBreaker halfOpen =
        new CircuitBreaker("beta", 1, Duration.ZERO, 1, Clock.systemUTC(), t -> {});
    halfOpen.tryAcquire();
    halfOpen.onFailure("boom");
    StepAttempts trial =
        new StepAttempts(
            "acme", "t1", type -> halfOpen, (tenant, type, id) -> agent.ref(), answers.ref());
    assertThat(trial.send(step, 1, "r1", JsonNodeFactory.instance.objectNode())).isTrue();
    assertThat(halfOpen.tryAcquire()).isFalse();

    trial.abandonAll();

    assertThat(trial.anyAwaiting()).isFalse();
    assertThat(halfOpen.tryAcquire()).isTrue();
  }
}
