package ai.maily.mesh.node;

import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.TypedAgent;
import ai.maily.mesh.core.budget.BudgetHint;
import ai.maily.mesh.core.budget.Budgets;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/**
 * An agent for tests that spends a language-model budget the way an LLM-backed agent does: it
 * reserves before its call and settles what the call used, through the node's ledgers. It calls no
 * model; what the call would use comes from the task input, {@code calls.<stepId>}: {@code prompt}
 * tokens, and per variant {@code completionPerVariant} asked and {@code usedPerVariant} used. It
 * writes as many variants as the coordinator's budget hint allows (five without one).
 */
final class SpendingAgent extends TypedAgent<AgentRequest> {

  static final String MODEL = "test-model";
  private static final JsonNode ANY_OBJECT =
      JsonNodeFactory.instance.objectNode().put("type", "object");

  SpendingAgent(String name) {
    super(name, "writes variants with a language model, for tests", ANY_OBJECT, ANY_OBJECT);
  }

  @Override
  public long expectedTokens() {
    return 1000;
  }

  @Override
  protected AgentRequest parse(AgentRequest request) {
    if (!request.input().path("input").path("calls").path(request.stepId()).isObject()) {
      throw AgentFailure.invalidInput("input.calls." + request.stepId() + " is missing");
    }
    return request;
  }

  @Override
  protected CompletionStage<AgentOutput> start(AgentRequest request, AgentContext context) {
    JsonNode call = request.input().path("input").path("calls").path(request.stepId());
    int variants = BudgetHint.of(request).map(BudgetHint::maxVariants).orElse(5);
    long prompt = call.path("prompt").asLong();
    Budgets budgets = Budgets.get(context.system());
    return budgets
        .reserve(
            request.tenant(),
            request.taskId(),
            request.requestId() + ":llm:1",
            MODEL,
            prompt,
            call.path("completionPerVariant").asLong() * variants)
        .thenCompose(
            reservation ->
                budgets.settle(
                    reservation, prompt, call.path("usedPerVariant").asLong() * variants))
        .thenApply(
            used -> {
              ObjectNode data = JsonNodeFactory.instance.objectNode();
              data.put("variants", variants);
              data.put("tokens", used.tokens());
              return new AgentOutput(data, variants + " variants, " + used.tokens() + " tokens");
            });
  }
}
