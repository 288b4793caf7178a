package ai.maily.mesh.agents.personalize;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.SyncAgent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code personalizer} agent: reads {@code input.email} and {@code input.audience}, runs the
 * {@link Personalizer} and answers {@code {valid, tags, problems, variants}}.
 */
public final class PersonalizerAgent extends SyncAgent<PersonalizerAgent.Campaign> {

  /** What the agent personalises: the email, and who it goes to. */
  record Campaign(Email email, Audience audience) {}

  public PersonalizerAgent() {
    super(
        "personalizer",
        "Validates an email's merge tags against the audience fields and renders one variant"
            + " per audience segment, with fallbacks for missing values.",
        Schemas.inputWithEmail("personalizer-input.json"),
        Schemas.load("personalizer-output.json"));
  }

  @Override
  protected Campaign parse(AgentRequest request) {
    InputNode input = InputNode.taskInput(request);
    return new Campaign(
        Email.from(input.requiredObject("email")),
        input.optionalObject("audience").map(Audience::from).orElse(Audience.UNKNOWN));
  }

  @Override
  protected AgentOutput compute(Campaign campaign, AgentContext context) {
    Personalization result = Personalizer.personalize(campaign.email(), campaign.audience());
    return new AgentOutput(toJson(result), result.summary());
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
