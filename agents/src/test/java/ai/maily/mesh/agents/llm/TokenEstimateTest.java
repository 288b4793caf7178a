package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenEstimateTest {

  @Test
  void countsFourBytesOfUtf8AToken() {
    assertThat(TokenEstimate.ofText("")).isZero();
    assertThat(TokenEstimate.ofText("abcd")).isEqualTo(1);
    assertThat(TokenEstimate.ofText("abcde")).isEqualTo(2);
    // Three bytes a character: CJK text counts about three tokens for every four characters.
    assertThat(TokenEstimate.ofText("春季促销")).isEqualTo(3);
  }

  @Test
  void estimatesARequestAsItsMessagesWithTheirFramingAndTheWholeAnswerLimit() {
    ChatRequest request =
        new ChatRequest(
            Prompt.builder().instructions("Write.").text("brief", "Sale").build(),
            AnswerFormat.text(),
            300,
            0.7);
    int expectedPrompt =
        TokenEstimate.REPLY_PRIMING
            + 2 * TokenEstimate.PER_MESSAGE
            + TokenEstimate.ofText(request.prompt().system())
            + TokenEstimate.ofText(request.prompt().user());

    assertThat(TokenEstimate.of(request)).isEqualTo(new TokenUsage(expectedPrompt, 300, true));
  }

  @Test
  void countsTheSchemaThatAJsonAnswerAddsToTheSystemMessage() {
    Prompt prompt = Prompt.builder().instructions("Write.").text("brief", "Sale").build();
    ChatRequest text = new ChatRequest(prompt, AnswerFormat.text(), 100, 0);
    ChatRequest json =
        new ChatRequest(
            prompt,
            AnswerFormat.jsonSchema(
                "subjects",
                ai.maily.mesh.core.Json.MAPPER
                    .createObjectNode()
                    .put("type", "object")
                    .put("description", "x".repeat(400))),
            100,
            0);

    assertThat(TokenEstimate.of(json).promptTokens())
        .isGreaterThan(TokenEstimate.of(text).promptTokens() + 100);
  }
}
