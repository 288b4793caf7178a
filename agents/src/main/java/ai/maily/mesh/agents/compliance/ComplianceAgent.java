package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.CopyVariants;
import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.agents.ResultFingerprint;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.embedding.NodeEmbeddings;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.ResultCaching;
import ai.maily.mesh.core.agent.TypedAgent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code compliance} agent: reads {@code input.email} and {@code input.sender}, runs {@link
 * ComplianceRules} and answers {@code {score, passed, findings, spam}}, where {@code spam} is the
 * semantic signal of {@link SpamCheck} beside the rules' findings. When a copywriter's output is
 * among the step's dependencies, it also checks each of its variants ({@link VariantCheck}) and
 * answers them in {@code variants}, which the optimizer reads to pass the failing ones over.
 *
 * <p>The rules run in place; the spam signal waits on the node's embedding model without blocking,
 * so the agent answers through the stage of that call.
 */
public final class ComplianceAgent extends TypedAgent<ComplianceAgent.Draft> {

  /**
   * What the agent checks: the email, what the account knows about its sender, and the copywriter's
   * variants among the step's dependencies (none without a copywriter step).
   */
  record Draft(Email email, Sender sender, List<CopyVariants.Variant> variants) {}

  /** The version of the rules and the spam check: raise it with any change to their code. */
  static final String VERSION = "compliance-1";

  private final Function<AgentContext, EmbeddingModel> embeddings;
  private final SpamCheck spamCheck;
  private final Optional<ResultCaching> resultCaching;

  /**
   * The agent as nodes host it: it embeds with the node's model ({@link NodeEmbeddings}), and its
   * results are reused for the same input, since the rules and the spam signal are a function of
   * the input, the shipped spam model and the embedding model alone (it reads no memory).
   */
  public ComplianceAgent() {
    this(
        context -> NodeEmbeddings.cached(context.system()),
        SpamModel.shipped(),
        Optional.of(
            ResultCaching.always(
                ResultFingerprint.of(VERSION, SpamModel.class, SpamModel.RESOURCE), false)));
  }

  /**
   * An agent that embeds with the model {@code embeddings} gives for a request's context and scores
   * with {@code spamModel}; its results are not cached.
   */
  public ComplianceAgent(Function<AgentContext, EmbeddingModel> embeddings, SpamModel spamModel) {
    this(embeddings, spamModel, Optional.empty());
  }

  private ComplianceAgent(
      Function<AgentContext, EmbeddingModel> embeddings,
      SpamModel spamModel,
      Optional<ResultCaching> resultCaching) {
    super(
        "compliance",
        "Checks an email for legal (CAN-SPAM, GDPR/ePrivacy) and deliverability problems and"
            + " scores it from 0 to 10 with a concrete fix per finding, and says how likely its"
            + " text reads as spam and which sentences do.",
        Schemas.inputWithEmail("compliance-input.json"),
        Schemas.load("compliance-output.json"));
    this.embeddings = embeddings;
    this.spamCheck = new SpamCheck(spamModel);
    this.resultCaching = resultCaching;
  }

  @Override
  public Optional<ResultCaching> resultCaching() {
    return resultCaching;
  }

  @Override
  protected Draft parse(AgentRequest request) {
    InputNode input = InputNode.taskInput(request);
    return new Draft(
        Email.from(input.requiredObject("email")),
        input.optionalObject("sender").map(Sender::from).orElse(Sender.UNKNOWN),
        CopyVariants.of(request));
  }

  @Override
  protected CompletionStage<AgentOutput> start(Draft draft, AgentContext context) {
    ComplianceReport report = ComplianceRules.check(draft.email(), draft.sender());
    EmbeddingModel model = embeddings.apply(context);
    return spamCheck
        .check(draft.email(), report, model)
        .thenCombine(
            VariantCheck.check(draft.variants(), spamCheck, model),
            (spam, variants) ->
                new AgentOutput(toJson(report, spam, variants), summary(report, spam, variants)));
  }

  private static String summary(
      ComplianceReport report, SpamSignal spam, List<VariantCheck.Result> variants) {
    return report.summary()
        + (spam.likelySpam()
            ? String.format(Locale.ROOT, "; reads like spam (%.2f)", spam.probability())
            : "")
        + (variants.isEmpty()
            ? ""
            : "; "
                + variants.stream().filter(VariantCheck.Result::passed).count()
                + " of "
                + variants.size()
                + " variants passed");
  }

  private static ObjectNode toJson(
      ComplianceReport report, SpamSignal spam, List<VariantCheck.Result> results) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("score", report.score());
    data.put("passed", report.passed());
    findings(data.putArray("findings"), report.findings());
    ObjectNode signal = data.putObject("spam");
    signal.put("probability", spam.probability());
    signal.put("likelySpam", spam.likelySpam());
    ArrayNode reasons = signal.putArray("reasons");
    for (SpamSignal.Reason reason : spam.reasons()) {
      reasons.addObject().put("text", reason.text()).put("probability", reason.probability());
    }
    ArrayNode rules = signal.putArray("agreeingRules");
    spam.agreeingRules().forEach(rules::add);
    if (!results.isEmpty()) {
      ArrayNode variants = data.putArray("variants");
      for (VariantCheck.Result result : results) {
        ObjectNode json =
            variants
                .addObject()
                .put("id", result.variant().id())
                .put("part", result.variant().part().label())
                .put("passed", result.passed());
        findings(json.putArray("findings"), result.findings());
        json.putObject("spam")
            .put("probability", result.spamProbability())
            .put("likelySpam", result.spamProbability() >= SpamSignal.LIKELY);
      }
    }
    return data;
  }

  private static void findings(ArrayNode array, List<Finding> findings) {
    for (Finding finding : findings) {
      ObjectNode json = array.addObject();
      json.put("rule", finding.rule().id());
      json.put("severity", finding.severity().label());
      json.put("message", finding.message());
      json.put("fix", finding.fix());
      finding.evidence().ifPresent(evidence -> json.put("evidence", evidence));
    }
  }
}
