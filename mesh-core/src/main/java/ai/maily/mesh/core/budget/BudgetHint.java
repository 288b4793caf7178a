package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What the coordinator tells a step that spends budget about what is left, under {@code budget} in
 * the step's input: an agent near the limit asks for fewer variants, so its call fits (ADR 0029).
 * The hint shapes the call; the ledger's reservation is what enforces the budget.
 *
 * @param remainingTokens about how many tokens the task may still spend, the tenant's and the
 *     task's token and cost budgets together; null when nothing limits it
 * @param nearLimit whether fewer than a few of the agent's typical calls are left
 * @param maxVariants the most variants (subject lines, bodies, ...) the agent should ask for
 */
public record BudgetHint(Long remainingTokens, boolean nearLimit, int maxVariants) {

  /** The field of a step's input that holds the hint. */
  public static final String FIELD = "budget";

  /** The hint in {@code request}'s input, if the coordinator gave one. */
  public static Optional<BudgetHint> of(AgentRequest request) {
    JsonNode hint = request.input() == null ? null : request.input().get(FIELD);
    if (hint == null || !hint.isObject()) {
      return Optional.empty();
    }
    JsonNode remaining = hint.get("remainingTokens");
    return Optional.of(
        new BudgetHint(
            remaining == null || !remaining.canConvertToLong() ? null : remaining.longValue(),
            hint.path("nearLimit").asBoolean(false),
            hint.path("maxVariants").asInt(1)));
  }

  /** The hint as the step input carries it. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (remainingTokens != null) {
      json.put("remainingTokens", remainingTokens);
    }
    json.put("nearLimit", nearLimit);
    json.put("maxVariants", maxVariants);
    return json;
  }
}
