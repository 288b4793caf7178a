package ai.maily.mesh.agents.personalize;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code personalizer} agent: reads {@code input.email} and {@code input.audience}, runs the
 * {@link Personalizer} and answers {@code {valid, tags, problems, variants}}.
 */
public final class PersonalizerAgent implements Agent {

  private static final JsonNode INPUT_SCHEMA = Schemas.inputWithEmail("personalizer-input.json");
  private static final JsonNode OUTPUT_SCHEMA = Schemas.load("personalizer-output.json");

  @Override
  public String name() {
    return "personalizer";
  }

  @Override
  public String description() {
    return "Validates an email's merge tags against the audience fields and renders one variant"
        + " per audience segment, with fallbacks for missing values.";
  }

  // Copies, because JsonNode is mutable and the agent is shared by every entity on the node.
  @Override
  public JsonNode inputSchema() {
    return INPUT_SCHEMA.deepCopy();
  }

  @Override
  public JsonNode outputSchema() {
    return OUTPUT_SCHEMA.deepCopy();
  }

  @Override
  public CompletionStage<AgentOutput> perform(AgentRequest request, AgentContext context) {
    Email email;
    Audience audience;
    try {
      InputNode input = InputNode.taskInput(request);
      email = Email.from(input.requiredObject("email"));
      audience = input.optionalObject("audience").map(Audience::from).orElse(Audience.UNKNOWN);
    } catch (AgentFailure invalid) {
      return CompletableFuture.failedFuture(invalid);
    }
    return CompletableFuture.supplyAsync(
            () -> Personalizer.personalize(email, audience), context.blockingExecutor())
        .thenApply(result -> new AgentOutput(toJson(result), result.summary()));
  }

  private static ObjectNode toJson(Personalization result) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("valid", result.valid());
    ArrayNode tags = data.putArray("tags");
    for (TagUsage usage : result.tags()) {
      tags.addObject()
          .put("field", usage.field())
          .put("occurrences", usage.occurrences())
          .put("hasDefault", usage.hasDefault())
          .put("known", usage.known());
    }
    ArrayNode problems = data.putArray("problems");
    for (Problem problem : result.problems()) {
      problems
          .addObject()
          .put("severity", problem.severity().label())
          .put("tag", problem.tag())
          .put("message", problem.message())
          .put("fix", problem.fix());
    }
    ArrayNode variants = data.putArray("variants");
    for (Variant variant : result.variants()) {
      ObjectNode json = variants.addObject();
      json.put("segment", variant.segment());
      json.put("subject", variant.subject());
      variant.preheader().ifPresent(preheader -> json.put("preheader", preheader));
      variant.html().ifPresent(html -> json.put("html", html));
      variant.text().ifPresent(text -> json.put("text", text));
      ArrayNode fallbacks = json.putArray("fallbacks");
      variant.fallbacks().forEach(fallbacks::add);
    }
    return data;
  }
}
