package ai.maily.mesh.agents.llm;

import static ai.maily.mesh.agents.llm.LlmTests.failure;
import static ai.maily.mesh.agents.llm.LlmTests.result;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import ai.maily.mesh.agents.llm.OpenAiCompatibleServer.Reply;
import ai.maily.mesh.core.ManualClock;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.budget.Meter;
import ai.maily.mesh.core.problem.ProblemType;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Calls charged to a budget: reserved in the tenant's real ledger (sharded, event-sourced) before
 * they reach the OpenAI-compatible server, settled with what the server says they used.
 */
class BudgetedLanguageModelTest {

  private static final String TASK = "task-1";

  private static LedgerNode node;

  private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  private OpenAiCompatibleServer server;
  private OpenAiCompatibleModel model;

  @BeforeAll
  static void startNode() {
    node =
        LedgerNode.start(
            "mesh.ai.budget { task { tokens = 2000, cost = unlimited },"
                + " tenant { tokens = unlimited, cost = unlimited } }");
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @BeforeEach
  void start() {
    server = OpenAiCompatibleServer.start(node.testKit().system());
    model = LlmTests.model(server.baseUrl(), "", new ManualClock());
  }

  @AfterEach
  void stop() {
    model.close();
    server.close();
  }

  /** The model as the calls of one agent request of the test's tenant see it. */
  private BudgetedLanguageModel budgeted() {
    return new BudgetedLanguageModel(
        model,
        node.budgets(),
        new AgentRequest("req-1", tenant, TASK, "write", null),
        LoggerFactory.getLogger(BudgetedLanguageModelTest.class));
  }

  private Meter taskTokens() {
    return node.view(tenant, TASK).tasks().get(TASK).tokens();
  }

  @Test
  void reservesTheEstimateBeforeTheCallAndSettlesTheServersUsageAfter() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    server.reply(Reply.stream("Spring ", "is ", "here").heldUntil(gate));
    ChatRequest request = LlmTests.request("Spring sale");

    CompletionStage<Completion> call = budgeted().complete(request);
    server.takeRequest();

    assertThat(taskTokens().reserved()).isEqualTo(model.estimate(request).totalTokens());
    assertThat(taskTokens().used()).isZero();
    gate.complete(null);
    Completion completion = result(call);
    assertThat(completion.usage())
        .isEqualTo(new TokenUsage(OpenAiCompatibleServer.PROMPT_TOKENS, 3, false));
    assertThat(taskTokens().used()).isEqualTo(OpenAiCompatibleServer.PROMPT_TOKENS + 3);
    assertThat(taskTokens().reserved()).isZero();
  }

  @Test
  void eachCallOfARequestIsReservedAndSettledOnItsOwn() {
    server.reply(Reply.stream("Spring")).reply(Reply.stream("Summer"));
    BudgetedLanguageModel budgeted = budgeted();

    result(budgeted.complete(LlmTests.request("Spring sale")));
    result(budgeted.complete(LlmTests.request("Summer sale")));

    assertThat(taskTokens().used()).isEqualTo(2 * (OpenAiCompatibleServer.PROMPT_TOKENS + 1));
    assertThat(taskTokens().reserved()).isZero();
  }

  @Test
  void aCallThatWouldCrossTheBudgetIsNotMadeAndFailsWithBudgetExceeded() {
    ChatRequest tooLarge =
        new ChatRequest(LlmTests.request("Spring sale").prompt(), AnswerFormat.text(), 2500, 0.7);

    Throwable refused = failure(budgeted().complete(tooLarge));

    assertThat(refused).isInstanceOf(AgentFailure.class);
    assertThat(((AgentFailure) refused).retryable()).isFalse();
    assertThat(((AgentFailure) refused).problem()).contains(ProblemType.BUDGET_EXCEEDED);
    assertThat(server.requestCount()).isZero();
    assertThat(taskTokens().used()).isZero();
    assertThat(taskTokens().reserved()).isZero();
  }

  @Test
  void aCallThatBringsNoAnswerGivesItsReservationBack() {
    server.reply(Reply.error(503, "server_error", "overloaded", "The engine is overloaded"));

    Throwable noAnswer = failure(budgeted().complete(LlmTests.request("Spring sale")));

    assertThat(noAnswer).isInstanceOf(LanguageModelFailure.class);
    assertThat(((LanguageModelFailure) noAnswer).reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(taskTokens().used()).isZero();
    assertThat(taskTokens().reserved()).isZero();
  }

  @Test
  void aCallThatBreaksOffMidAnswerIsChargedForWhatItStreamed() {
    CompletableFuture<Void> delivered = new CompletableFuture<>();
    server.reply(Reply.droppingAfter(delivered, "Spring is "));
    ChatRequest request = LlmTests.request("Spring sale");

    Throwable broken = failure(budgeted().complete(request, delta -> delivered.complete(null)));

    assertThat(((LanguageModelFailure) broken).reason()).isEqualTo(Reason.STREAM_ENDED_EARLY);
    assertThat(taskTokens().used())
        .isEqualTo(model.estimate(request).promptTokens() + TokenEstimate.ofText("Spring is "));
    assertThat(taskTokens().reserved()).isZero();
  }
}
