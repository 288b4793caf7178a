package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.llm.OpenAiCompatibleServer.Reply;
import ai.maily.mesh.core.ManualClock;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Drafts reach the task's live topic, whole and not too often. */
class DraftRelayTest {

  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String TASK_PID = "Task|acme:task-1";

  private final ManualClock clock = new ManualClock();
  private TestProbe<LiveMessage> canvas;

  @BeforeEach
  void subscribe() {
    canvas = testKit.createTestProbe(LiveMessage.class);
    LiveTopics.get(testKit.system()).subscribe(TASK_PID, canvas.ref());
    canvas.expectMessageClass(LiveMessage.Subscribed.class);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private DraftRelay relay() {
    return new DraftRelay(
        LiveTopics.get(testKit.system())::publish,
        "acme",
        "task-1",
        "write",
        "copywriter",
        Duration.ofMillis(100),
        clock);
  }

  private JsonNode nextDraft() {
    LiveMessage.Ephemeral draft = canvas.expectMessageClass(LiveMessage.Ephemeral.class);
    assertThat(draft.persistenceId()).isEqualTo(TASK_PID);
    assertThat(draft.kind()).isEqualTo("draft");
    assertThat(draft.from()).isEqualTo("copywriter:write");
    return draft.data().path("data");
  }

  @Test
  void relaysTheWholeTextSoFarAtMostOncePerIntervalAndOnceMoreAtTheEnd() {
    DraftRelay relay = relay();

    relay.onToken("Spring ");
    relay.onToken("is ");
    clock.advance(Duration.ofMillis(100));
    relay.onToken("here");
    relay.onToken("!");
    relay.onComplete("Spring is here!");

    JsonNode first = nextDraft();
    assertThat(first.path("taskId").asText()).isEqualTo("task-1");
    assertThat(first.path("stepId").asText()).isEqualTo("write");
    assertThat(first.path("agent").asText()).isEqualTo("copywriter");
    assertThat(first.path("text").asText()).isEqualTo("Spring ");
    assertThat(nextDraft().path("text").asText()).isEqualTo("Spring is here");
    assertThat(nextDraft().path("text").asText()).isEqualTo("Spring is here!");
  }

  @Test
  void startsANewDraftForTheNextAnswer() {
    DraftRelay relay = relay();
    relay.onToken("{\"subjects\": [");
    relay.onComplete("{\"subjects\": [");

    relay.onToken("{\"subjects\": [\"a\"");

    assertThat(nextDraft().path("text").asText()).isEqualTo("{\"subjects\": [");
    assertThat(nextDraft().path("text").asText()).isEqualTo("{\"subjects\": [\"a\"");
  }

  @Test
  void relaysAStreamedAnswerFromTheServerForTheTaskThatAsked() {
    AgentRequest request = new AgentRequest("acme:task-1:write:1", "acme", "task-1", "write", null);
    Executor direct = Runnable::run;
    AgentContext context =
        new AgentContext(
            "acme",
            "copywriter",
            direct,
            clock,
            LoggerFactory.getLogger(DraftRelayTest.class),
            testKit.system());

    try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start(testKit.system());
        OpenAiCompatibleModel model = LlmTests.model(server.baseUrl(), "", clock)) {
      server.reply(Reply.stream("Spring ", "is ", "here"));
      LlmTests.result(
          model.complete(LlmTests.request("Sale"), DraftRelay.forStep(request, context)));
    }

    assertThat(nextDraft().path("text").asText()).isEqualTo("Spring ");
    assertThat(nextDraft().path("text").asText()).isEqualTo("Spring is here");
  }

  @Test
  void relaysNothingForADirectCall() {
    AgentRequest direct = new AgentRequest("r-1", "acme", "", "", null);
    AgentContext context =
        new AgentContext(
            "acme",
            "copywriter",
            Runnable::run,
            clock,
            LoggerFactory.getLogger(DraftRelayTest.class),
            testKit.system());

    assertThat(DraftRelay.forStep(direct, context)).isSameAs(TokenListener.NONE);
  }
}
