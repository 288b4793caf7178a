package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.llm.TokenUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * Who wrote a {@link Copy}, and at what cost: the local composer, or a language model with its name
 * and the tokens its calls used; and, when the composer wrote it because the model brought no
 * answer, why.
 *
 * @param generator {@code local} or {@code llm}, as the output's {@code generator} says it
 * @param model the language model's name, when one wrote the copy
 * @param usage the tokens of every call it took (a structured answer may take two)
 * @param calls how many calls the model took; 0 for the composer
 * @param fallback why the composer wrote it although a model was configured
 */
public record Generation(
    String generator,
    Optional<String> model,
    Optional<TokenUsage> usage,
    int calls,
    Optional<Fallback> fallback) {

  /**
   * Why a language model's copy was replaced by the composer's.
   *
   * @param reason the {@link ai.maily.mesh.agents.llm.LanguageModelFailure.Reason}'s name, e.g.
   *     {@code TIMEOUT}
   * @param detail what happened, in words
   */
  public record Fallback(String reason, String detail) {

    public Fallback {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  public Generation {
    Objects.requireNonNull(generator, "generator");
    if (calls < 0) {
      throw new IllegalArgumentException("calls must be >= 0, got " + calls);
    }
  }

  /** Written by the local composer, as planned (no language model on the node). */
  public static Generation local() {
    return new Generation(
        LocalComposer.NAME, Optional.empty(), Optional.empty(), 0, Optional.empty());
  }

  /** Written by the local composer because the language model brought no answer. */
  public static Generation localAfter(Fallback fallback) {
    return new Generation(
        LocalComposer.NAME, Optional.empty(), Optional.empty(), 0, Optional.of(fallback));
  }

  /** Written by the language model {@code model} in {@code calls} calls that used {@code usage}. */
  public static Generation model(String model, TokenUsage usage, int calls) {
    return new Generation(
        LanguageModelWriter.NAME, Optional.of(model), Optional.of(usage), calls, Optional.empty());
  }
}
