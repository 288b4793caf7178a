package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.agents.embedding.NodeEmbeddings;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.TypedAgent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The {@code copywriter} agent: reads {@code input.brief} (and the draft in {@code input.email}, if
 * any) and answers subject lines, preheaders and bodies, each with a score, naming the {@link
 * CopyGenerator} that wrote them ({@code generator}).
 *
 * <p>Nodes host it with the {@link LocalComposer}; a generator backed by a language model takes its
 * place through {@link #CopywriterAgent(CopyGenerator)} and answers in the same shape.
 */
public final class CopywriterAgent extends TypedAgent<CopyBrief> {

  private final CopyGenerator generator;

  /** The agent as nodes host it without a language model: the local composer. */
  public CopywriterAgent() {
    this(new LocalComposer(context -> NodeEmbeddings.get(context.system())));
  }

  /** An agent whose copy {@code generator} writes. */
  public CopywriterAgent(CopyGenerator generator) {
    super(
        "copywriter",
        "Writes subject lines, preheaders and email bodies from a brief (goal, product, audience,"
            + " tone, key points, optional draft), each scored for relevance to the brief and"
            + " varied in what it says; without a language model, from a reviewed phrase library.",
        Schemas.inputWithEmail("copywriter-input.json"),
        Schemas.load("copywriter-output.json"));
    this.generator = generator;
  }

  @Override
  protected CopyBrief parse(AgentRequest request) {
    return CopyBrief.from(request);
  }

  @Override
  protected CompletionStage<AgentOutput> start(CopyBrief brief, AgentContext context) {
    return generator
        .write(brief, context)
        .thenApply(copy -> new AgentOutput(toJson(brief, copy), summary(copy)));
  }

  private String summary(Copy copy) {
    boolean draft = copy.subjects().stream().anyMatch(v -> CopyVariant.DRAFT.equals(v.source()));
    return written(copy.subjects())
        + " subjects, "
        + written(copy.preheaders())
        + " preheaders, "
        + written(copy.bodies())
        + " bodies ("
        + generator.name()
        + ")"
        + (draft ? " beside the draft's" : "")
        + "; first: \""
        + copy.subjects().get(0).text()
        + "\"";
  }

  private static long written(List<CopyVariant> variants) {
    return variants.stream().filter(v -> !CopyVariant.DRAFT.equals(v.source())).count();
  }

  private ObjectNode toJson(CopyBrief brief, Copy copy) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("generator", generator.name());
    data.put("goal", brief.goal().id());
    data.put("tone", brief.tone().id());
    data.put("seed", brief.seed());
    variants(data.putArray("subjects"), copy.subjects());
    variants(data.putArray("preheaders"), copy.preheaders());
    variants(data.putArray("bodies"), copy.bodies());
    return data;
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
