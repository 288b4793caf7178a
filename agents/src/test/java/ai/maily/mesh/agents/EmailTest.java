package ai.maily.mesh.agents;

import static ai.maily.mesh.agents.AgentCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailTest {

  private static Email read(String email) {
    return Email.from(new InputNode(json(email), "input.email"));
  }

  @Test
  void readsEveryPart() {
    Email email =
        read(
            """
            {"from": "Acme <news@acme.com>", "replyTo": "help@acme.com", "subject": "Hi",
             "preheader": "Pre", "html": "<p>Hi</p>", "text": "Hi",
             "headers": {"List-Unsubscribe": "<https://acme.com/u>"}}
            """);

    assertThat(email)
        .isEqualTo(
            new Email(
                "Acme <news@acme.com>",
                Optional.of("help@acme.com"),
                "Hi",
                Optional.of("Pre"),
                Optional.of("<p>Hi</p>"),
                Optional.of("Hi"),
                Map.of("List-Unsubscribe", "<https://acme.com/u>")));
  }

  @Test
  void needsFromAndSubjectOnly() {
    Email email = read("{\"from\": \"news@acme.com\", \"subject\": \"Hi\"}");

    assertThat(email.html()).isEmpty();
    assertThat(email.text()).isEmpty();
    assertThat(email.headers()).isEmpty();
    assertThatThrownBy(() -> read("{\"subject\": \"Hi\"}"))
        .hasMessage("input.email.from is required");
    assertThatThrownBy(() -> read("{\"from\": \"a@b.co\"}"))
        .hasMessage("input.email.subject is required");
  }

  @Test
  void looksUpHeadersCaseInsensitively() {
    Email email =
        read(
            "{\"from\": \"a@b.co\", \"subject\": \"s\", \"headers\": {\"list-UNSUBSCRIBE\": \"<x>\"}}");

    assertThat(email.header("List-Unsubscribe")).hasValue("<x>");
    assertThat(email.header("List-Unsubscribe-Post")).isEmpty();
  }
}
