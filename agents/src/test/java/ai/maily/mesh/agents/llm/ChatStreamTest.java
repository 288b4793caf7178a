package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamTest {

  private final List<String> deltas = new ArrayList<>();
  private final ChatStream stream = new ChatStream(deltas::add);

  private void data(String payload) {
    stream.event(new SseParser.Event("message", payload));
  }

  private LanguageModelFailure failureOf(String payload) {
    return catchThrowableOfType(LanguageModelFailure.class, () -> data(payload));
  }

  @Test
  void foldsChunksIntoTheTextTheFinishReasonAndTheUsage() {
    data(
        "{\"choices\": [{\"index\": 0, \"delta\": {\"role\": \"assistant\", \"content\": \"\"}}]}");
    data("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}}]}");
    data("{\"choices\": [{\"index\": 1, \"delta\": {\"content\": \"other choice\"}}]}");
    data("{\"choices\": [{\"index\": 0, \"delta\": {}, \"finish_reason\": \"stop\"}]}");
    assertThat(stream.complete()).isTrue();
    data("{\"choices\": [], \"usage\": {\"prompt_tokens\": 9, \"completion_tokens\": 1}}");
    data(ChatStream.DONE);

    assertThat(deltas).containsExactly("Hi");
    assertThat(stream.completion(100))
        .isEqualTo(new Completion("Hi", new TokenUsage(9, 1, false), "stop"));
  }

  @Test
  void isNotCompleteWithoutAFinishReasonOrDone() {
    data("{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"Hi\"}}]}");

    assertThat(stream.complete()).isFalse();
  }

  @Test
  void ignoresWhatComesAfterDone() {
    data(ChatStream.DONE);
    data("not json at all");

    assertThat(stream.complete()).isTrue();
    assertThat(stream.completion(5).usage()).isEqualTo(new TokenUsage(5, 0, true));
  }

  @Test
  void refusesChunksThatAreNotTheProtocols() {
    assertThat(failureOf("[1, 2]").reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
    assertThat(failureOf("{\"choices\": {\"index\": 0}}").getMessage())
        .contains("choices are not an array");
    assertThat(failureOf("{\"usage\": {\"prompt_tokens\": \"nine\"}}").getMessage())
        .contains("no token counts");
    assertThat(
            failureOf("{\"usage\": {\"prompt_tokens\": 1.5, \"completion_tokens\": 1}}").reason())
        .isEqualTo(Reason.MALFORMED_RESPONSE);
  }

  @Test
  void reportsAnErrorEventAsTheServers() {
    LanguageModelFailure failure =
        catchThrowableOfType(
            LanguageModelFailure.class,
            () -> stream.event(new SseParser.Event("error", "{\"message\": \"overloaded\"}")));

    assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(failure.getMessage()).contains("overloaded");
  }

  @Test
  void refusesAWholeAnswerWithoutItsMessage() {
    LanguageModelFailure failure =
        catchThrowableOfType(
            LanguageModelFailure.class,
            () -> stream.wholeAnswer("{\"choices\": [{\"text\": \"legacy completion\"}]}"));

    assertThat(failure.getMessage()).contains("choices[0].message.content");
  }
}
