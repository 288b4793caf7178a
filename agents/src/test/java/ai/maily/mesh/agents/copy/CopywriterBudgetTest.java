package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.StandardAgents;
import ai.maily.mesh.agents.llm.LedgerNode;
import ai.maily.mesh.agents.llm.OpenAiCompatibleServer;
import ai.maily.mesh.agents.llm.OpenAiCompatibleServer.Reply;
import ai.maily.mesh.agents.llm.TokenEstimate;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.budget.Meter;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The copywriter a node hosts, with the node's language model and the tenants' real budget ledgers:
 * every call it makes, a structured answer's retry too, is reserved before and settled after, and a
 * call that would cross the task's budget fails the step with budget-exceeded instead of falling
 * back.
 */
class CopywriterBudgetTest {

  private static final String TASK = "task-1";

  // A task may spend 4,000 tokens: two calls for three variants (about 2,700 reserved each, one at
  // a time) fit; one call for ten variants (about 5,400) does not.
  private static final String SETTINGS =
      "mesh.ai.budget { task { tokens = 4000, cost = unlimited },"
          + " tenant { tokens = unlimited, cost = unlimited } }";

  private static final String ANSWER =
      "{\"subjects\": [\"Five spring trails within an hour of Denver\","
          + " \"Your spring trail guide is ready\", \"Which trail is yours this spring?\"],"
          + " \"preheaders\": [\"Easy river walks to a full-day ridge loop, with a packing list.\","
          + " \"Five routes within an hour of the city, and what to pack for each.\","
          + " \"From a riverside stroll to a ridge loop: pick your first hike.\"],"
          + " \"bodies\": [\"Spring is here.\\n\\n- Five routes\\n- A packing list for each\\n\\n"
          + "Read the spring trail guide: https://acme.com/guides/spring\","
          + " \"We mapped five routes within an hour of the city.\\n\\n"
          + "Read the spring trail guide: https://acme.com/guides/spring\","
          + " \"Which trail is yours?\\n\\nRead the spring trail guide:"
          + " https://acme.com/guides/spring\"]}";

  private static final ActorTestKit serverKit = ActorTestKit.create();
  private static OpenAiCompatibleServer server;
  private static LedgerNode node;
  private static CopywriterAgent agent;

  private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() {
    server = OpenAiCompatibleServer.start(serverKit.system());
    node =
        LedgerNode.start(
            SETTINGS
                + "\nmesh.ai.llm { base-url = \""
                + server.baseUrl()
                + "\", model = \"node-model\", api-key = \"\" }");
    agent = new CopywriterAgent(node.testKit().system().settings().config());
  }

  @AfterAll
  static void stop() {
    node.close();
    server.close();
    serverKit.shutdownTestKit();
  }

  private CompletionStage<AgentOutput> perform(int variants) {
    ObjectNode input = (ObjectNode) AgentCalls.example("campaign-draft-input.json");
    ((ObjectNode) input.get("brief")).put("variants", variants);
    ObjectNode stepInput = Json.MAPPER.createObjectNode();
    stepInput.set("input", input);
    stepInput.putObject("deps");
    return agent.perform(
        new AgentRequest(tenant + ":" + TASK + ":write:1", tenant, TASK, "write", stepInput),
        new AgentContext(
            tenant,
            agent.name(),
            node.testKit().system().executionContext(),
            Clock.systemUTC(),
            LoggerFactory.getLogger(CopywriterBudgetTest.class),
            node.testKit().system()));
  }

  private Meter taskTokens() {
    return node.view(tenant, TASK).tasks().get(TASK).tokens();
  }

  @Test
  void everyCallTheStructuredAnswersRetryIncludedIsSettledWithTheServersUsage() throws Exception {
    String tooFew = ANSWER.replace("\"Your spring trail guide is ready\", ", "");
    server.reply(Reply.stream(tooFew)).reply(Reply.stream(ANSWER));

    JsonNode data = perform(3).toCompletableFuture().get(60, TimeUnit.SECONDS).data();

    assertThat(data.get("generator").asText()).isEqualTo("llm");
    assertThat(data.get("model").asText()).isEqualTo("node-model");
    assertThat(data.at("/usage/calls").asInt()).isEqualTo(2);
    int used = 2 * OpenAiCompatibleServer.PROMPT_TOKENS + 2;
    assertThat(data.at("/usage/totalTokens").asInt()).isEqualTo(used);
    assertThat(taskTokens().used()).isEqualTo(used);
    assertThat(taskTokens().reserved()).isZero();
  }

  @Test
  void aCallThatWouldCrossTheTasksBudgetIsNotMadeAndTheStepFailsWithBudgetExceeded() {
    int before = server.requestCount();

    Throwable thrown =
        catchThrowable(() -> perform(10).toCompletableFuture().get(60, TimeUnit.SECONDS));

    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(AgentFailure.class);
    AgentFailure refused = (AgentFailure) thrown.getCause();
    assertThat(refused.retryable()).isFalse();
    assertThat(refused.problem()).contains(ProblemType.BUDGET_EXCEEDED);
    assertThat(refused.getMessage()).contains("task " + TASK);
    assertThat(server.requestCount()).isEqualTo(before);
    assertThat(taskTokens().used()).isZero();
    assertThat(taskTokens().reserved()).isZero();
  }

  @Test
  void aNodeWithAModelPlansForATypicalCallAndOneWithoutForNone() {
    List<Agent> withModel =
        new StandardAgents().agents(node.testKit().system().settings().config());
    List<Agent> without =
        new StandardAgents()
            .agents(
                ConfigFactory.parseString("mesh.ai.llm.base-url = \"\"")
                    .withFallback(ConfigFactory.load()));

    assertThat(copywriter(withModel).expectedTokens()).isEqualTo(CopyPrompt.TYPICAL_TOKENS);
    assertThat(copywriter(without).expectedTokens()).isZero();
  }

  @Test
  void theTypicalCallCoversTheExampleCampaignsReservation() {
    CopyBrief brief =
        CopyBrief.from(AgentCalls.request(AgentCalls.example("campaign-draft-input.json")));

    long estimate =
        TokenEstimate.of(CopyPrompt.of(brief, DraftCopy.of(brief.draft()))).totalTokens();

    assertThat(estimate).isLessThanOrEqualTo(CopyPrompt.TYPICAL_TOKENS);
    assertThat(estimate).isGreaterThan(CopyPrompt.TYPICAL_TOKENS * 9 / 10);
  }

  private static Agent copywriter(List<Agent> agents) {
    return agents.stream().filter(a -> a.name().equals("copywriter")).findFirst().orElseThrow();
  }
}
