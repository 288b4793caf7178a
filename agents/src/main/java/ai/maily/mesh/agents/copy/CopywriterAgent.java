package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.ResultFingerprint;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.agents.embedding.NodeEmbeddings;
import ai.maily.mesh.agents.llm.LanguageModelSettings;
import ai.maily.mesh.agents.llm.NodeLanguageModel;
import ai.maily.mesh.agents.llm.TokenUsage;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.ResultCaching;
import ai.maily.mesh.core.agent.TypedAgent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The {@code copywriter} agent: reads {@code input.brief} (and the draft in {@code input.email}, if
 * any) and answers subject lines, preheaders and bodies, each with a score, saying who wrote them
 * ({@code generator}: {@code llm} or {@code local}) and, for a language model, its name and the
 * tokens it used.
 *
 * <p>Nodes host it with the {@link LanguageModelWriter} on the node's language model, budgeted per
 * request, which is the {@link LocalComposer} when the node has none; another {@link CopyGenerator}
 * takes its place through {@link #CopywriterAgent(CopyGenerator)} and answers in the same shape.
 */
public final class CopywriterAgent extends TypedAgent<CopywriterAgent.Assignment> {

  /** What one request asks: the brief, and the request itself (its task, step and ids). */
  public record Assignment(CopyBrief brief, AgentRequest request) {}

  /** The version of the composer's code: raise it with any change to how it writes or ranks. */
  static final String VERSION = "copywriter-1";

  private final CopyGenerator generator;
  private final long expectedTokens;
  private final Optional<ResultCaching> resultCaching;

  /**
   * The agent as a node hosts it: with the node's language model when {@code config} names one
   * (every call charged to the request's budget), else the local composer. Settings {@code config}
   * lacks are the defaults. The local composer's copy is reused for the same input, since it is a
   * function of the brief, its seed (or the brief's hash), the phrase library and the embedding
   * model; a language model's copy, and the composer's when it stood in for a model that brought no
   * answer, are not.
   */
  public CopywriterAgent(Config config) {
    this(
        new LanguageModelWriter(
            NodeLanguageModel::forRequest, context -> NodeEmbeddings.cached(context.system())),
        LanguageModelSettings.fromConfig(config.withFallback(ConfigFactory.defaultReference())));
  }

  /** An agent whose copy {@code generator} writes, spending no budget the coordinator plans for. */
  public CopywriterAgent(CopyGenerator generator) {
    this(generator, 0, Optional.empty());
  }

  private CopywriterAgent(CopyGenerator generator, LanguageModelSettings llm) {
    this(
        generator,
        llm.enabled() ? CopyPrompt.TYPICAL_TOKENS : 0,
        Optional.of(
            new ResultCaching(
                ResultFingerprint.of(
                    VERSION + ";llm=" + (llm.enabled() ? llm.model() : "none"),
                    PhraseLibrary.class,
                    PhraseLibrary.RESOURCE),
                false,
                CopywriterAgent::composedLocally)));
  }

  private CopywriterAgent(
      CopyGenerator generator, long expectedTokens, Optional<ResultCaching> resultCaching) {
    super(
        "copywriter",
        "Writes subject lines, preheaders and email bodies from a brief (goal, product, audience,"
            + " tone, key points, optional draft), each scored for relevance to the brief and"
            + " varied in what it says; with the node's language model when it has one, else"
            + " from a reviewed phrase library.",
        Schemas.inputWithEmail("copywriter-input.json"),
        Schemas.load("copywriter-output.json"));
    this.generator = generator;
    this.expectedTokens = expectedTokens;
    this.resultCaching = resultCaching;
  }

  @Override
  public Optional<ResultCaching> resultCaching() {
    return resultCaching;
  }

  /** Copy the local composer wrote by design, not in a language model's stead. */
  private static boolean composedLocally(AgentOutput output) {
    return output.data().path("generator").asText().equals(LocalComposer.NAME)
        && !output.data().has("fallback");
  }

  /**
   * A typical call's reservation when the node has a language model (ADR 0029: the coordinator
   * skips optional steps and narrows the variants by it), else 0.
   */
  @Override
  public long expectedTokens() {
    return expectedTokens;
  }

  @Override
  protected Assignment parse(AgentRequest request) {
    return new Assignment(CopyBrief.from(request), request);
  }

  @Override
  protected CompletionStage<AgentOutput> start(Assignment assignment, AgentContext context) {
    CopyBrief brief = assignment.brief();
    return generator
        .write(brief, assignment.request(), context)
        .thenApply(copy -> new AgentOutput(toJson(brief, copy), summary(copy)));
  }

  private static String summary(Copy copy) {
    boolean draft = copy.subjects().stream().anyMatch(v -> CopyVariant.DRAFT.equals(v.source()));
    return written(copy.subjects())
        + " subjects, "
        + written(copy.preheaders())
        + " preheaders, "
        + written(copy.bodies())
        + " bodies ("
        + by(copy.generation())
        + ")"
        + (draft ? " beside the draft's" : "")
        + "; first: \""
        + copy.subjects().get(0).text()
        + "\"";
  }

  private static String by(Generation generation) {
    StringBuilder by = new StringBuilder(generation.generator());
    generation.model().ifPresent(model -> by.append(", ").append(model));
    generation
        .usage()
        .ifPresent(usage -> by.append(", ").append(usage.totalTokens()).append(" tokens"));
    generation
        .fallback()
        .ifPresent(
            fallback ->
                by.append(", the language model brought no answer: ").append(fallback.reason()));
    return by.toString();
  }

  private static long written(List<CopyVariant> variants) {
    return variants.stream().filter(v -> !CopyVariant.DRAFT.equals(v.source())).count();
  }

  private static ObjectNode toJson(CopyBrief brief, Copy copy) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    Generation generation = copy.generation();
    data.put("generator", generation.generator());
    generation.model().ifPresent(model -> data.put("model", model));
    generation.usage().ifPresent(usage -> usage(data.putObject("usage"), usage, generation));
    generation
        .fallback()
        .ifPresent(
            fallback ->
                data.putObject("fallback")
                    .put("reason", fallback.reason())
                    .put("detail", fallback.detail()));
    data.put("goal", brief.goal().id());
    data.put("tone", brief.tone().id());
    data.put("seed", brief.seed());
    variants(data.putArray("subjects"), copy.subjects());
    variants(data.putArray("preheaders"), copy.preheaders());
    variants(data.putArray("bodies"), copy.bodies());
    return data;
  }

  private static void usage(ObjectNode json, TokenUsage usage, Generation generation) {
    json.put("promptTokens", usage.promptTokens());
    json.put("completionTokens", usage.completionTokens());
    json.put("totalTokens", usage.totalTokens());
    json.put("estimated", usage.estimated());
    json.put("calls", generation.calls());
  }

  private static void variants(ArrayNode array, List<CopyVariant> variants) {
    for (CopyVariant variant : variants) {
      ObjectNode json = array.addObject();
      json.put("id", variant.id());
      json.put("text", variant.text());
      variant.html().ifPresent(html -> json.put("html", html));
      json.put("score", variant.score());
      json.put("source", variant.source());
      ArrayNode flags = json.putArray("flags");
      variant.flags().forEach(flags::add);
    }
  }
}
