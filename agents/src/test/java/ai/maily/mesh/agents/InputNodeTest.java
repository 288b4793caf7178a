package ai.maily.mesh.agents;

import static ai.maily.mesh.agents.AgentCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputNodeTest {

  private static InputNode input(String taskInput) {
    return InputNode.taskInput(AgentCalls.request(json(taskInput)));
  }

  @Test
  void readsTheTaskInputOfTheStepInput() {
    InputNode email = input("{\"email\": {\"subject\": \"Hi\"}}").requiredObject("email");

    assertThat(email.path()).isEqualTo("input.email");
    assertThat(email.requiredText("subject")).isEqualTo("Hi");
  }

  @Test
  void namesAMissingRequiredField() {
    assertThatThrownBy(() -> input("{}").requiredObject("email"))
        .isInstanceOf(AgentFailure.class)
        .hasMessage("input.email is required")
        .satisfies(e -> assertThat(((AgentFailure) e).retryable()).isFalse());
  }

  @Test
  void namesAFieldOfTheWrongType() {
    InputNode email = input("{\"email\": {\"subject\": 7, \"from\": []}}").requiredObject("email");

    assertThatThrownBy(() -> email.requiredText("subject"))
        .hasMessage("input.email.subject must be a string");
    assertThatThrownBy(() -> email.optionalText("from"))
        .hasMessage("input.email.from must be a string");
    assertThatThrownBy(() -> input("{\"email\": \"Hi\"}").requiredObject("email"))
        .hasMessage("input.email must be an object");
  }

  @Test
  void treatsNullAsAbsent() {
    InputNode email =
        input("{\"email\": {\"replyTo\": null, \"headers\": null}}").requiredObject("email");

    assertThat(email.optionalText("replyTo")).isEmpty();
    assertThat(email.scalars("headers")).isEmpty();
    assertThatThrownBy(() -> input("{\"email\": null}").requiredObject("email"))
        .hasMessage("input.email is required");
  }

  @Test
  void namesTheOffendingArrayElement() {
    InputNode audience =
        input("{\"audience\": {\"fields\": [\"a\", 2], \"segments\": [{}, 3]}}")
            .requiredObject("audience");

    assertThatThrownBy(() -> audience.texts("fields"))
        .hasMessage("input.audience.fields[1] must be a string");
    assertThatThrownBy(() -> audience.objects("segments"))
        .hasMessage("input.audience.segments[1] must be an object");
    assertThatThrownBy(
            () ->
                input("{\"audience\": {\"fields\": \"a\"}}")
                    .requiredObject("audience")
                    .texts("fields"))
        .hasMessage("input.audience.fields must be an array");
  }

  @Test
  void readsScalarsAsTextInInputOrder() {
    assertThat(
            input("{\"v\": {\"name\": \"Bo\", \"age\": 42, \"vip\": true, \"gone\": null}}")
                .scalars("v"))
        .containsExactly(Map.entry("name", "Bo"), Map.entry("age", "42"), Map.entry("vip", "true"));
    assertThatThrownBy(() -> input("{\"v\": {\"tags\": [1]}}").scalars("v"))
        .hasMessage("input.v.tags must be a string, number or boolean");
  }

  @Test
  void readsAbsentListsAsEmpty() {
    InputNode audience = input("{\"audience\": {}}").requiredObject("audience");

    assertThat(audience.texts("fields")).isEqualTo(List.of());
    assertThat(audience.objects("segments")).isEmpty();
  }

  @Test
  void treatsAMissingStepInputAsAnEmptyTaskInput() {
    AgentRequest bare = new AgentRequest("r", "t", "", "", null);

    assertThatThrownBy(() -> InputNode.taskInput(bare).requiredObject("email"))
        .hasMessage("input.email is required");
  }

  @Test
  void readsIntegersAndRejectsFractionsAndText() {
    InputNode brief =
        input("{\"brief\": {\"seed\": 42, \"big\": 1e3, \"half\": 0.5, \"text\": \"7\"}}")
            .requiredObject("brief");

    assertThat(brief.optionalLong("seed")).contains(42L);
    assertThat(brief.optionalLong("absent")).isEmpty();
    for (String field : List.of("big", "half", "text")) {
      assertThatThrownBy(() -> brief.optionalLong(field))
          .isInstanceOf(AgentFailure.class)
          .hasMessage("input.brief." + field + " must be an integer");
    }
  }
}
