package ai.maily.mesh.agents.brand;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.TypedAgent;
import ai.maily.mesh.core.memory.AgentMemory;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.NewMemory;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The {@code brand-learner} agent: teaches {@code brand-voice} the tenant's brand from what a
 * person approved. Placed after an approval step, it adds the approved email — its subject,
 * preheader and visible body text, up to {@link #MAX_TEXT} characters cut at a sentence — to the
 * tenant's brand-voice memory as an {@code approved-example}, which the next brand-voice check
 * compares with and measures the brand's style on. The email is the one of the first dependency
 * whose output carries {@code email} (the optimizer's choice in {@code campaign-draft}), as the
 * certifier reads it. The memory's id is derived from its text, so a retried step, or the same
 * email approved twice, adds it once.
 */
public final class BrandLearnerAgent extends TypedAgent<Email> {

  /** The agent type whose memory learns; the brand-voice agent reads it. */
  static final String LEARNS_FOR = "brand-voice";

  /** The most text one example keeps: {@code mesh.memory.max-text-length}'s default. */
  static final int MAX_TEXT = 2000;

  public BrandLearnerAgent() {
    super(
        "brand-learner",
        "Adds the approved email to the tenant's brand-voice memory as an approved example, so"
            + " that later brand-voice checks score content against what the tenant approved.",
        Schemas.load("brand-learner-input.json"),
        Schemas.load("brand-learner-output.json"));
  }

  @Override
  protected Email parse(AgentRequest request) {
    JsonNode stepInput =
        request.input() == null ? JsonNodeFactory.instance.objectNode() : request.input();
    for (Map.Entry<String, JsonNode> dep : stepInput.path("deps").properties()) {
      JsonNode email = dep.getValue().get("email");
      if (email != null && email.isObject()) {
        return Email.from(new InputNode(email, "deps." + dep.getKey() + ".email"));
      }
    }
    throw AgentFailure.invalidInput(
        "no approved email to learn from: a dependency whose output carries an email is required");
  }

  @Override
  protected CompletionStage<AgentOutput> start(Email email, AgentContext context) {
    String text = exampleText(email);
    if (text.isEmpty()) {
      throw AgentFailure.invalidInput("the approved email has no text to learn from");
    }
    return context
        .memory()
        .ofAgent(LEARNS_FOR)
        .remember(new NewMemory(null, MemoryKind.APPROVED_EXAMPLE, text, "agent:brand-learner"))
        .handle(
            (remembered, error) -> {
              if (error != null) {
                throw failure(error);
              }
              return output(remembered);
            });
  }

  /** The email's sentences in reading order, joined, up to {@link #MAX_TEXT} at a sentence end. */
  static String exampleText(Email email) {
    StringBuilder text = new StringBuilder();
    for (VoiceCheck.Sentence sentence : EmailText.sentences(email)) {
      int added = (text.isEmpty() ? 0 : 1) + sentence.text().length();
      if (text.length() + added > MAX_TEXT) {
        break;
      }
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(sentence.text());
    }
    return text.toString();
  }

  private static AgentOutput output(AgentMemory.Remembered remembered) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("agent", LEARNS_FOR);
    data.put("memoryId", remembered.memory().id());
    data.put("kind", MemoryKind.APPROVED_EXAMPLE.label());
    data.put("created", remembered.created());
    remembered.evicted().forEach(data.putArray("evicted")::add);
    return new AgentOutput(
        data,
        (remembered.created() ? "learnt" : "already knew")
            + " the approved email as brand-voice example "
            + remembered.memory().id());
  }

  /** An invalid memory fails again; the memory not answering may not. */
  private static AgentFailure failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ProblemException problem
        && problem.problem().type() == ProblemType.INVALID_REQUEST) {
      return AgentFailure.invalidInput(problem.problem().detail());
    }
    return AgentFailure.transientFault(String.valueOf(cause.getMessage()));
  }
}
