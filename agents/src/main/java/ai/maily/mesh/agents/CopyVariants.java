package ai.maily.mesh.agents;

import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The copywriter's variants among the outputs of the steps a step depends on (its {@code deps}),
 * found by their shape (a {@code generator} and {@code subjects}): what the checks score one by one
 * and the optimizer chooses from.
 */
public final class CopyVariants {

  /** The part of an email a variant is for. */
  public enum Part {
    SUBJECT("subjects"),
    PREHEADER("preheaders"),
    BODY("bodies");

    private final String field;

    Part(String field) {
      this.field = field;
    }

    /** The field of the copywriter's output that lists this part's variants. */
    public String field() {
      return field;
    }

    /** The part's name in outputs: {@code subject}, {@code preheader} or {@code body}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One variant.
   *
   * @param part what it is for
   * @param id the copywriter's id ({@code s1}, {@code b-draft}, ...)
   * @param text its text, merge tags as written
   */
  public record Variant(Part part, String id, String text) {}

  private CopyVariants() {}

  /** True for a step output in the copywriter's shape. */
  public static boolean isCopy(JsonNode output) {
    return output.path("generator").isTextual() && output.has("subjects");
  }

  /**
   * The first copywriter output among {@code request}'s dependencies, with where it sits ({@code
   * deps.<stepId>}); empty when none is.
   */
  public static Optional<InputNode> copyIn(AgentRequest request) {
    JsonNode stepInput = request.input() == null ? MissingNode.getInstance() : request.input();
    for (Map.Entry<String, JsonNode> dep : stepInput.path("deps").properties()) {
      if (isCopy(dep.getValue())) {
        return Optional.of(new InputNode(dep.getValue(), "deps." + dep.getKey()));
      }
    }
    return Optional.empty();
  }

  /**
   * Every variant of the first copywriter output among {@code request}'s dependencies, subjects
   * then preheaders then bodies; empty when there is no such output.
   *
   * @throws ai.maily.mesh.core.agent.AgentFailure naming the field when a variant lacks its id or
   *     text
   */
  public static List<Variant> of(AgentRequest request) {
    List<Variant> variants = new ArrayList<>();
    copyIn(request)
        .ifPresent(
            copy -> {
              for (Part part : Part.values()) {
                for (InputNode variant : copy.objects(part.field())) {
                  variants.add(
                      new Variant(part, variant.requiredText("id"), variant.requiredText("text")));
                }
              }
            });
    return variants;
  }
}
