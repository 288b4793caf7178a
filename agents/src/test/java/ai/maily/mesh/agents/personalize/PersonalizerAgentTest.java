package ai.maily.mesh.agents.personalize;

import static ai.maily.mesh.agents.AgentCalls.example;
import static ai.maily.mesh.agents.AgentCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.SchemaConformance;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PersonalizerAgentTest {

  private final PersonalizerAgent agent = new PersonalizerAgent();

  private AgentOutput perform(JsonNode taskInput) {
    AgentOutput output = AgentCalls.perform(agent, taskInput);
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    return output;
  }

  @Test
  void personalizesTheExampleCampaign() {
    AgentOutput output = perform(example("campaign-draft-input.json"));

    JsonNode data = output.data();
    assertThat(data.get("valid").booleanValue()).isTrue();
    assertThat(data.get("tags"))
        .isEqualTo(
            json(
                """
                [{"field": "first_name", "occurrences": 3, "hasDefault": true, "known": true},
                 {"field": "city", "occurrences": 3, "hasDefault": false, "known": true},
                 {"field": "contact_id", "occurrences": 2, "hasDefault": false, "known": true}]
                """));
    assertThat(data.get("problems"))
        .isEqualTo(
            json(
                """
                [{"severity": "warning", "tag": "{{ contact_id }}",
                  "message": "no fallback for 'contact_id': recipients without a contact_id would see an empty value",
                  "fix": "add a default, e.g. {{ contact_id | default: \\"…\\" }}, or set audience.fallbacks.contact_id"}]
                """));
    JsonNode denver = data.at("/variants/0");
    assertThat(denver.get("segment").asText()).isEqualTo("denver-hikers");
    assertThat(denver.get("subject").asText()).isEqualTo("Dana, your trail guide is here");
    assertThat(denver.get("preheader").asText())
        .isEqualTo("Five routes near Denver, plus what to pack.");
    assertThat(denver.get("html").asText())
        .contains("<p>Hi Dana,</p>")
        .contains("unsubscribe?u=c-1001");
    assertThat(denver.get("text").asText()).startsWith("Hi Dana,\n");
    assertThat(denver.get("fallbacks")).isEmpty();
    JsonNode newcomers = data.at("/variants/1");
    assertThat(newcomers.get("subject").asText()).isEqualTo("Hi, your trail guide is here");
    assertThat(newcomers.get("html").asText()).contains("within an hour of Boulder &amp; Co,");
    assertThat(newcomers.get("text").asText()).contains("within an hour of Boulder & Co,");
    assertThat(newcomers.get("fallbacks")).isEqualTo(json("[\"first_name\", \"contact_id\"]"));
    assertThat(output.summary()).isEqualTo("3 tags, 2 variants, 1 warning");
  }

  @Test
  void rendersOnlyThePartsTheEmailHas() {
    AgentOutput output =
        perform(
            json(
                """
                {"email": {"from": "a@acme.com", "subject": "Hi {{ name | default: 'you' }}"},
                 "audience": {"fields": ["name"]}}
                """));

    assertThat(output.data().get("variants"))
        .isEqualTo(
            json(
                "[{\"segment\": \"default\", \"subject\": \"Hi you\", \"fallbacks\": [\"name\"]}]"));
  }

  @Test
  void treatsEveryTagAsUnknownWithoutAnAudience() {
    AgentOutput output =
        perform(json("{\"email\": {\"from\": \"a@acme.com\", \"subject\": \"Hi {{ name }}\"}}"));

    assertThat(output.data().get("valid").booleanValue()).isFalse();
    assertThat(output.data().at("/tags/0/known").booleanValue()).isFalse();
    assertThat(output.data().at("/problems/0/severity").asText()).isEqualTo("error");
    assertThat(output.summary()).isEqualTo("1 tag, 1 variant, 1 error");
  }

  static Stream<Arguments> invalidInputs() {
    String email = "\"email\": {\"from\": \"a@b.co\", \"subject\": \"s\"}";
    return Stream.of(
        arguments("{\"input\": {}}", "input.email is required"),
        arguments(
            "{\"input\": {" + email + ", \"audience\": []}}", "input.audience must be an object"),
        arguments(
            "{\"input\": {" + email + ", \"audience\": {\"fields\": \"first_name\"}}}",
            "input.audience.fields must be an array"),
        arguments(
            "{\"input\": {" + email + ", \"audience\": {\"fields\": [\"a\", null]}}}",
            "input.audience.fields[1] must be a string"),
        arguments(
            "{\"input\": {" + email + ", \"audience\": {\"fallbacks\": [\"x\"]}}}",
            "input.audience.fallbacks must be an object"),
        arguments(
            "{\"input\": {" + email + ", \"audience\": {\"segments\": [{\"values\": {}}]}}}",
            "input.audience.segments[0].name is required"),
        arguments(
            "{\"input\": {"
                + email
                + ", \"audience\": {\"segments\": [{\"name\": \"vip\", \"values\": {\"a\": [1]}}]}}}",
            "input.audience.segments[0].values.a must be a string, number or boolean"));
  }

  @ParameterizedTest
  @MethodSource("invalidInputs")
  void rejectsInvalidInputNamingTheField(String stepInput, String message) {
    AgentFailure failure = AgentCalls.failure(agent, json(stepInput));

    assertThat(failure).hasMessage(message);
    assertThat(failure.retryable()).isFalse();
  }
}
