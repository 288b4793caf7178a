package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.agent.AgentEntity.WorkAccepted;
import ai.maily.mesh.core.agent.AgentEntity.WorkCompleted;
import ai.maily.mesh.core.agent.AgentEntity.WorkFailed;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnwrittenWorkTest {

  private static final Duration DELAY = Duration.ofMillis(100);
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  private final UnwrittenWork unwritten = new UnwrittenWork(DELAY);

  private static AgentRequest request(String id) {
    return new AgentRequest(id, "acme", "t1", "s1", JsonNodeFactory.instance.objectNode());
  }

  private static WorkCompleted completed(String id, Instant at) {
    return new WorkCompleted(id, new AgentOutput(JsonNodeFactory.instance.objectNode(), ""), 5, at);
  }

  @Test
  void anAcceptanceYoungerThanTheDelayStaysUnwrittenAndSaysWhenItIsDue() {
    unwritten.accept(request("r1"), T0);

    UnwrittenWork.Write write = unwritten.take(T0.plusMillis(30));

    assertThat(write.events()).isEmpty();
    assertThat(write.acceptancesDueIn()).contains(Duration.ofMillis(70));
    assertThat(unwritten.isAccepted("r1")).isTrue();
  }

  @Test
  void anAcceptanceThatWaitedTheDelayIsWrittenAndNoLongerUnwritten() {
    unwritten.accept(request("r1"), T0);

    UnwrittenWork.Write write = unwritten.take(T0.plus(DELAY));

    assertThat(write.events()).containsExactly(new WorkAccepted(request("r1"), T0));
    assertThat(write.acceptancesDueIn()).isEmpty();
    assertThat(unwritten.isAccepted("r1")).isFalse();
    assertThat(unwritten.take(T0.plus(DELAY)).events()).isEmpty();
  }

  @Test
  void anAcceptanceWhoseOutcomeIsWrittenWithItIsDroppedAsTheOutcomeImpliesIt() {
    unwritten.accept(request("r1"), T0);
    unwritten.accept(request("r2"), T0.plusMillis(10));
    WorkFailed failed = new WorkFailed("r1", "boom", true, null, 5, T0.plusMillis(20));
    unwritten.finish(failed);

    UnwrittenWork.Write write = unwritten.take(T0.plusMillis(20));

    assertThat(write.events()).containsExactly(failed);
    assertThat(write.acceptancesDueIn()).contains(Duration.ofMillis(90));
    assertThat(unwritten.acceptances()).containsExactly(request("r2"));
  }

  @Test
  void outcomesAndDueAcceptancesAreWrittenInTheOrderTheyWereDecided() {
    unwritten.accept(request("r1"), T0);
    WorkCompleted other = completed("r0", T0.plusMillis(50));
    unwritten.finish(other);
    unwritten.accept(request("r2"), T0.plusMillis(60));

    UnwrittenWork.Write write = unwritten.take(T0.plusMillis(200));

    assertThat(write.events())
        .containsExactly(
            new WorkAccepted(request("r1"), T0),
            other,
            new WorkAccepted(request("r2"), T0.plusMillis(60)));
  }

  @Test
  void anAcceptanceFromAClockThatWentBackIsDueWithinTheDelay() {
    unwritten.accept(request("r1"), T0.plusSeconds(60));

    assertThat(unwritten.take(T0).acceptancesDueIn()).contains(DELAY);
  }

  @Test
  void refusesAnAcceptanceAsAnOutcome() {
    assertThatThrownBy(() -> unwritten.finish(new WorkAccepted(request("r1"), T0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.copyOf(unwritten.acceptances())).isEmpty();
  }
}
