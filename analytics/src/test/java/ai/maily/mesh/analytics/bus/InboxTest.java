package ai.maily.mesh.analytics.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTest {

  @Test
  void theDefaultTopologyNamesTheQueuesOfTheIssue() {
    BusTopology topology =
        BusTopology.fromConfig(ConfigFactory.load().getConfig("mesh.amqp.topology"));

    Inbox engagement = topology.engagement();
    assertThat(topology.engagementExchange()).isEqualTo("maily.engagement");
    assertThat(engagement.queue()).isEqualTo("analytics.engagement");
    assertThat(engagement.bindingKeys()).containsExactly("engagement.#");
    assertThat(engagement.deadLetterQueue()).isEqualTo("analytics.engagement.dlq");
    assertThat(
            List.of(engagement.retryQueue(0), engagement.retryQueue(1), engagement.retryQueue(2)))
        .containsExactly(
            "analytics.engagement.retry.1s",
            "analytics.engagement.retry.10s",
            "analytics.engagement.retry.60s");
    assertThat(topology.meshExchange()).isEqualTo("maily.mesh");
    assertThat(topology.taskCommands().bindingKeys()).containsExactly("task.submit");
  }

  @Test
  void eachRetryWaitsLongerUntilTheyAreSpent() {
    Inbox inbox =
        new Inbox("q", "x", List.of("#"), List.of(Duration.ofMillis(250), Duration.ofSeconds(2)));

    assertThat(inbox.retryDelay(0)).contains(Duration.ofMillis(250));
    assertThat(inbox.retryDelay(1)).contains(Duration.ofSeconds(2));
    assertThat(inbox.retryDelay(2)).isEmpty();
    assertThat(inbox.retryQueue(0)).isEqualTo("q.retry.250ms");
  }

  @Test
  void aDeadLetterQueueReadAsAnInboxCannotRerouteAgain() {
    Inbox inbox = new Inbox("q", "x", List.of("#"), List.of(Duration.ofSeconds(1)));

    assertThat(inbox.settlesByRerouting()).isTrue();
    assertThat(inbox.deadLetters().queue()).isEqualTo("q.dlq");
    assertThat(inbox.deadLetters().settlesByRerouting()).isFalse();
    assertThat(inbox.deadLetters().retryDelay(0)).isEmpty();
  }

  @Test
  void refusesADelayThatIsNotPositive() {
    assertThatThrownBy(() -> new Inbox("q", "x", List.of(), List.of(Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
