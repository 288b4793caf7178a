package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.agent.AgentFailure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks a language model for JSON that conforms to a schema, and holds it to it: an answer that does
 * not conform is asked for once more, with the previous answer and what was wrong with it given as
 * data; a second wrong answer fails the work with a non-retryable {@link AgentFailure} that names
 * the problems. A {@link LanguageModelFailure} (no answer at all) passes through unchanged, for the
 * caller to fall back on.
 */
public final class StructuredOutput {

  /** What the retry's system message adds. */
  static final String CORRECTION =
      "Your previous answer, in the data block \"previous-answer\", does not conform to the JSON"
          + " Schema; the data block \"schema-problems\" lists where. Answer again, in full, with"
          + " one JSON object that conforms.";

  /**
   * A conforming answer.
   *
   * @param value the answer, as JSON
   * @param calls every call it took (one, or two when the first answer did not conform), with their
   *     usage
   */
  public record Answer(JsonNode value, List<Completion> calls) {

    public Answer {
      value = value.deepCopy();
      calls = List.copyOf(calls);
    }

    @Override
    public JsonNode value() {
      return value.deepCopy();
    }

    /** The tokens of all its calls. */
    public TokenUsage usage() {
      return calls.stream().map(Completion::usage).reduce(TokenUsage::plus).orElseThrow();
    }
  }

  private StructuredOutput() {}

  /**
   * Asks {@code model} for an answer in {@code request}'s {@link AnswerFormat.JsonSchema}.
   *
   * @throws IllegalArgumentException when the request's format is not a JSON Schema
   */
  public static CompletionStage<Answer> ask(
      LanguageModel model, ChatRequest request, TokenListener listener) {
    if (!(request.format() instanceof AnswerFormat.JsonSchema format)) {
      throw new IllegalArgumentException("a structured answer needs a JSON Schema format");
    }
    OutputSchema schema = new OutputSchema(format.schema());
    return model
        .complete(request, listener)
        .thenCompose(
            first -> {
              List<String> problems = schema.problems(first.text());
              if (problems.isEmpty()) {
                return CompletableFuture.completedFuture(
                    new Answer(OutputSchema.parse(first.text()), List.of(first)));
              }
              return model
                  .complete(
                      request.withPrompt(correction(request.prompt(), first, problems)), listener)
                  .thenApply(second -> conforming(schema, format, first, second));
            });
  }

  private static Answer conforming(
      OutputSchema schema, AnswerFormat.JsonSchema format, Completion first, Completion second) {
    List<String> problems = schema.problems(second.text());
    if (!problems.isEmpty()) {
      throw AgentFailure.invalidInput(
          "the language model's answer did not conform to the schema '"
              + format.name()
              + "' twice; the second time: "
              + OutputSchema.summary(problems));
    }
    return new Answer(OutputSchema.parse(second.text()), List.of(first, second));
  }

  /** The prompt again, with the wrong answer and its problems as data, and what to do with them. */
  static Prompt correction(Prompt prompt, Completion wrong, List<String> problems) {
    ArrayNode listed = Json.MAPPER.createArrayNode();
    problems.stream().limit(OutputSchema.MAX_PROBLEMS).forEach(listed::add);
    return prompt.toBuilder()
        .instructions(CORRECTION)
        .text("previous-answer", wrong.text())
        .data("schema-problems", listed)
        .build();
  }
}
