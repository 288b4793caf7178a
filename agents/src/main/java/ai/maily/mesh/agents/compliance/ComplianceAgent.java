package ai.maily.mesh.agents.compliance;

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
 * The {@code compliance} agent: reads {@code input.email} and {@code input.sender}, runs {@link
 * ComplianceRules} and answers {@code {score, passed, findings}}.
 */
public final class ComplianceAgent implements Agent {

  private static final JsonNode INPUT_SCHEMA = Schemas.inputWithEmail("compliance-input.json");
  private static final JsonNode OUTPUT_SCHEMA = Schemas.load("compliance-output.json");

  @Override
  public String name() {
    return "compliance";
  }

  @Override
  public String description() {
    return "Checks an email for legal (CAN-SPAM, GDPR/ePrivacy) and deliverability problems and"
        + " scores it from 0 to 10 with a concrete fix per finding.";
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
    Sender sender;
    try {
      InputNode input = InputNode.taskInput(request);
      email = Email.from(input.requiredObject("email"));
      sender = input.optionalObject("sender").map(Sender::from).orElse(Sender.UNKNOWN);
    } catch (AgentFailure invalid) {
      return CompletableFuture.failedFuture(invalid);
    }
    return CompletableFuture.supplyAsync(
            () -> ComplianceRules.check(email, sender), context.blockingExecutor())
        .thenApply(report -> new AgentOutput(toJson(report), report.summary()));
  }

  private static ObjectNode toJson(ComplianceReport report) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("score", report.score());
    data.put("passed", report.passed());
    ArrayNode findings = data.putArray("findings");
    for (Finding finding : report.findings()) {
      ObjectNode json = findings.addObject();
      json.put("rule", finding.rule().id());
      json.put("severity", finding.severity().label());
      json.put("message", finding.message());
      json.put("fix", finding.fix());
      finding.evidence().ifPresent(evidence -> json.put("evidence", evidence));
    }
    return data;
  }
}
