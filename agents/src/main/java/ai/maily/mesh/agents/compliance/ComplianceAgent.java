package ai.maily.mesh.agents.compliance;

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
 * The {@code compliance} agent: reads {@code input.email} and {@code input.sender}, runs {@link
 * ComplianceRules} and answers {@code {score, passed, findings}}.
 */
public final class ComplianceAgent extends SyncAgent<ComplianceAgent.Draft> {

  /** What the agent checks: the email, and what the account knows about its sender. */
  record Draft(Email email, Sender sender) {}

  public ComplianceAgent() {
    super(
        "compliance",
        "Checks an email for legal (CAN-SPAM, GDPR/ePrivacy) and deliverability problems and"
            + " scores it from 0 to 10 with a concrete fix per finding.",
        Schemas.inputWithEmail("compliance-input.json"),
        Schemas.load("compliance-output.json"));
  }

  @Override
  protected Draft parse(AgentRequest request) {
    InputNode input = InputNode.taskInput(request);
    return new Draft(
        Email.from(input.requiredObject("email")),
        input.optionalObject("sender").map(Sender::from).orElse(Sender.UNKNOWN));
  }

  @Override
  protected AgentOutput compute(Draft draft, AgentContext context) {
    ComplianceReport report = ComplianceRules.check(draft.email(), draft.sender());
    return new AgentOutput(toJson(report), report.summary());
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
