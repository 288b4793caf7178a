package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TaskSubmissionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static Plan plan(String agent) {
    return new Plan(
        List.of(
            Step.agent("a", agent, List.of(), 30_000, 3),
            Step.agent("b", "echo", List.of("a"), 30_000, 3)));
  }

  private static TaskSubmission submission(String playbook, Plan plan, String input) {
    return TaskSubmission.of(playbook, plan, json(input), "key-1", "alice");
  }

  @Test
  void equalContentGivesAnEqualFingerprint() {
    TaskSubmission first = submission("email-check", plan("echo"), "{\"to\": \"bob\"}");
    TaskSubmission second = submission("email-check", plan("echo"), "{\"to\": \"bob\"}");

    assertThat(first.fingerprint()).isEqualTo(second.fingerprint()).matches("[0-9a-f]{64}");
  }

  @Test
  void differentInputGivesADifferentFingerprint() {
    assertThat(submission("email-check", plan("echo"), "{\"to\": \"bob\"}").fingerprint())
        .isNotEqualTo(submission("email-check", plan("echo"), "{\"to\": \"eve\"}").fingerprint());
  }

  @Test
  void differentPlanGivesADifferentFingerprint() {
    assertThat(submission("", plan("echo"), "{}").fingerprint())
        .isNotEqualTo(submission("", plan("summarize"), "{}").fingerprint());
  }

  @Test
  void differentPlaybookGivesADifferentFingerprint() {
    assertThat(submission("email-check", plan("echo"), "{}").fingerprint())
        .isNotEqualTo(submission("email-triage", plan("echo"), "{}").fingerprint());
  }

  @Test
  void idempotencyKeyAndCallerDoNotChangeTheFingerprint() {
    TaskSubmission first = TaskSubmission.of("", plan("echo"), json("{}"), "key-1", "alice");
    TaskSubmission second = TaskSubmission.of("", plan("echo"), json("{}"), "key-2", "bob");

    assertThat(first.fingerprint()).isEqualTo(second.fingerprint());
  }

  /**
   * JSON objects are unordered, and Jackson's {@code equals} agrees; a client retrying with the
   * same key and the same input serialised in another field order must not get a conflict.
   */
  @Test
  void inputEqualUpToFieldOrderGivesAnEqualFingerprint() {
    JsonNode toThenSubject = json("{\"to\": \"bob\", \"subject\": \"hi\"}");
    JsonNode subjectThenTo = json("{\"subject\": \"hi\", \"to\": \"bob\"}");
    assertThat(toThenSubject).isEqualTo(subjectThenTo);

    assertThat(TaskSubmission.of("", plan("echo"), toThenSubject, "key-1", "alice").fingerprint())
        .isEqualTo(
            TaskSubmission.of("", plan("echo"), subjectThenTo, "key-1", "alice").fingerprint());
  }
}
