package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AgentWorkTest {

  private final List<Runnable> handedOff = new ArrayList<>();
  private final AgentContext context =
      new AgentContext(
          "acme", "echo", handedOff::add, Clock.systemUTC(), LoggerFactory.getLogger("test"), null);
  private final AgentRequest request = new AgentRequest("r1", "acme", "t1", "s1", null);

  @Test
  void runsTheAgentOnlyOnceTheBlockingExecutorRunsIt() {
    TestAgents.Scripted echo = TestAgents.echo("echo");

    CompletableFuture<AgentOutput> work = AgentWork.start(echo, request, context);

    assertThat(echo.calls()).isZero();
    assertThat(work).isNotDone();
    assertThat(handedOff).hasSize(1);
    handedOff.get(0).run();
    assertThat(echo.calls()).isOne();
    assertThat(work).isCompleted();
  }

  @Test
  void completesWithTheFailureOfAnAgentThatThrows() {
    Agent throwing =
        new TestAgents.Scripted(
            "throwing",
            r -> {
              throw AgentFailure.invalidInput("input.email is required");
            });

    CompletableFuture<AgentOutput> work = AgentWork.start(throwing, request, context);
    handedOff.get(0).run();

    assertThat(work)
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(AgentFailure.class)
        .withMessage("input.email is required");
  }
}
