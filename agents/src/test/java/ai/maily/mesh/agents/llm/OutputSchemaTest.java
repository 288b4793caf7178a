package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSchemaTest {

  private static final ObjectNode SCHEMA = Json.MAPPER.createObjectNode();

  static {
    SCHEMA.put("type", "object").putArray("required").add("subject");
    SCHEMA.putObject("properties").putObject("subject").put("type", "string").put("maxLength", 10);
  }

  @Test
  void findsNoProblemInAConformingAnswer() {
    assertThat(new OutputSchema(SCHEMA).problems("{\"subject\": \"Hi\"}")).isEmpty();
  }

  @Test
  void namesWhereAnAnswerBreaksTheSchema() {
    assertThat(new OutputSchema(SCHEMA).problems("{\"subject\": \"Far too long a subject\"}"))
        .singleElement()
        .asString()
        .contains("/subject", "10");
    assertThat(new OutputSchema(SCHEMA).problems("{}"))
        .singleElement()
        .asString()
        .contains("subject");
  }

  @Test
  void saysWhenAnAnswerIsNotJsonOrEmpty() {
    assertThat(new OutputSchema(SCHEMA).problems("{\"subject\": "))
        .singleElement()
        .asString()
        .startsWith("the answer is not JSON");
    assertThat(new OutputSchema(SCHEMA).problems("  ")).containsExactly("the answer is empty");
  }

  @Test
  void readsAnAnswerInsideACodeFence() {
    assertThat(OutputSchema.strippedOfFence("```json\n{\"a\": 1}\n```")).isEqualTo("{\"a\": 1}");
    assertThat(OutputSchema.strippedOfFence("```\n{}\n```")).isEqualTo("{}");
    assertThat(OutputSchema.strippedOfFence(" {\"a\": \"```\"} ")).isEqualTo("{\"a\": \"```\"}");
  }

  @Test
  void summarisesManyProblems() {
    List<String> problems = Collections.nCopies(12, "/x: wrong");

    assertThat(OutputSchema.summary(problems)).endsWith("; and 2 more").contains("/x: wrong");
  }

  @Test
  void neverFetchesASchemaItRefersTo() throws IOException {
    try (ServerSocket listener = new ServerSocket(0)) {
      JsonNode remote =
          Json.MAPPER
              .createObjectNode()
              .put("$ref", "http://127.0.0.1:" + listener.getLocalPort() + "/subject.json");

      Throwable refused = catchThrowable(() -> new OutputSchema(remote).problems("{}"));

      listener.setSoTimeout(1);
      assertThat(catchThrowable(listener::accept)).isInstanceOf(SocketTimeoutException.class);
      assertThat(refused).isNotNull();
    }
  }
}
