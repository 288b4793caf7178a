package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PlanReaderTest {

  private static final TaskLimits LIMITS =
      new TaskLimits(64, 10, Duration.ofMinutes(10), 256 * 1024, Duration.ofSeconds(30), 3);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlanReader reader = new PlanReader(LIMITS);

  private PlanReader.Result read(String json) {
    return reader.read(parse(json), "plan");
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** A plan of one step whose fields are {@code stepFields}, a JSON object body. */
  private PlanReader.Result readStep(String stepFields) {
    return read("{\"steps\": [{" + stepFields + "}]}");
  }

  @Test
  void fillsInKindTimeoutAndAttemptsWhenAStepNamesNone() {
    PlanReader.Result result = readStep("\"id\": \"a\", \"agent\": \"echo\"");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().steps())
        .containsExactly(new Step("a", "echo", StepKind.AGENT, List.of(), false, 30_000, 3));
  }

  @Test
  void readsEveryFieldAStepGives() {
    PlanReader.Result result =
        read(
            """
            {"steps": [
              {"id": "a", "agent": "echo"},
              {"id": "b", "agent": "summarize", "kind": "agent", "dependsOn": ["a"],
               "optional": true, "timeoutMs": 5000, "maxAttempts": 7}
            ]}
            """);

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().steps())
        .containsExactly(
            new Step("a", "echo", StepKind.AGENT, List.of(), false, 30_000, 3),
            new Step("b", "summarize", StepKind.AGENT, List.of("a"), true, 5_000, 7));
  }

  @Test
  void givesAnApprovalStepNoTimeoutAndOneAttempt() {
    PlanReader.Result result =
        readStep("\"id\": \"ok\", \"kind\": \"approval\", \"dependsOn\": [\"a\"]");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().steps()).containsExactly(Step.approval("ok", List.of("a")));
  }

  @Test
  void rejectsTimeoutAndAttemptsOnAnApprovalStep() {
    PlanReader.Result result =
        readStep("\"id\": \"ok\", \"kind\": \"approval\", \"timeoutMs\": 5000, \"maxAttempts\": 4");

    assertThat(result.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("no timeoutMs or maxAttempts"));
  }

  @Test
  void treatsNullFieldsAsAbsent() {
    PlanReader.Result result =
        readStep(
            "\"id\": \"a\", \"agent\": \"echo\", \"kind\": null, \"dependsOn\": null,"
                + " \"optional\": null, \"timeoutMs\": null, \"maxAttempts\": null");

    assertThat(result.problems()).isEmpty();
    assertThat(result.plan().steps())
        .containsExactly(new Step("a", "echo", StepKind.AGENT, List.of(), false, 30_000, 3));
  }

  @Test
  void rejectsAnUnknownFieldAndNamesItsPath() {
    PlanReader.Result result = readStep("\"id\": \"a\", \"agent\": \"echo\", \"retries\": 2");

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.field()).isEqualTo("plan.steps[0].retries");
              assertThat(problem.message()).startsWith("unknown field; allowed: ");
            });
  }

  @Test
  void requiresAnId() {
    assertThat(readStep("\"agent\": \"echo\"").problems())
        .containsExactly(new PlanProblem("plan.steps[0].id", "is required"));
  }

  @Test
  void rejectsAnIdThatIsNotAString() {
    assertThat(readStep("\"id\": 5, \"agent\": \"echo\"").problems())
        .containsExactly(new PlanProblem("plan.steps[0].id", "must be a string"));
  }

  @Test
  void rejectsAnAgentThatIsNotAString() {
    assertThat(readStep("\"id\": \"a\", \"agent\": [\"echo\"]").problems())
        .containsExactly(new PlanProblem("plan.steps[0].agent", "must be a string"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"robot\"", "\"\"", "1"})
  void rejectsAnUnknownKind(String kind) {
    assertThat(readStep("\"id\": \"a\", \"agent\": \"echo\", \"kind\": " + kind).problems())
        .extracting(PlanProblem::field)
        .containsExactly("plan.steps[0].kind");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"a\"", "{\"id\": \"a\"}", "3"})
  void rejectsDependsOnThatIsNotAnArray(String dependsOn) {
    assertThat(
            readStep("\"id\": \"b\", \"agent\": \"echo\", \"dependsOn\": " + dependsOn).problems())
        .containsExactly(
            new PlanProblem("plan.steps[0].dependsOn", "must be an array of step ids"));
  }

  @Test
  void rejectsDependsOnHoldingSomethingOtherThanIds() {
    assertThat(readStep("\"id\": \"b\", \"agent\": \"echo\", \"dependsOn\": [\"a\", 2]").problems())
        .containsExactly(new PlanProblem("plan.steps[0].dependsOn", "must contain only step ids"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yes\"", "\"true\"", "1", "[]"})
  void rejectsOptionalThatIsNotABoolean(String optional) {
    assertThat(readStep("\"id\": \"a\", \"agent\": \"echo\", \"optional\": " + optional).problems())
        .containsExactly(new PlanProblem("plan.steps[0].optional", "must be true or false"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1000.0", "\"1000\"", "true", "99999999999999999999"})
  void rejectsATimeoutThatIsNotAWholeNumber(String timeoutMs) {
    assertThat(
            readStep("\"id\": \"a\", \"agent\": \"echo\", \"timeoutMs\": " + timeoutMs).problems())
        .containsExactly(new PlanProblem("plan.steps[0].timeoutMs", "must be a whole number"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.5", "\"3\"", "false"})
  void rejectsMaxAttemptsThatIsNotAWholeNumber(String maxAttempts) {
    assertThat(
            readStep("\"id\": \"a\", \"agent\": \"echo\", \"maxAttempts\": " + maxAttempts)
                .problems())
        .containsExactly(new PlanProblem("plan.steps[0].maxAttempts", "must be a whole number"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"steps\": {}}", "{\"steps\": \"a\"}", "{\"steps\": null}"})
  void rejectsAPlanWithoutAStepsArray(String json) {
    PlanReader.Result result = read(json);

    assertThat(result.problems())
        .containsExactly(new PlanProblem("plan.steps", "must be an array of steps"));
    assertThat(result.plan().steps()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"steps\"", "null"})
  void rejectsAPlanThatIsNotAnObject(String json) {
    assertThat(read(json).problems())
        .containsExactly(new PlanProblem("plan", "must be an object with a 'steps' array"));
  }

  @Test
  void rejectsAMissingPlan() {
    assertThat(reader.read(null, "plan").problems())
        .containsExactly(new PlanProblem("plan", "must be an object with a 'steps' array"));
  }

  @Test
  void rejectsAStepThatIsNotAnObject() {
    assertThat(read("{\"steps\": [\"a\"]}").problems())
        .containsExactly(new PlanProblem("plan.steps[0]", "must be an object"));
  }

  @Test
  void prefixesEveryProblemWithThePathItWasGiven() {
    assertThat(reader.read(parse("{\"steps\": [{\"agent\": \"echo\"}]}"), "body.plan").problems())
        .containsExactly(new PlanProblem("body.plan.steps[0].id", "is required"));
  }

  @Test
  void collectsEveryProblemOfEveryStepAndKeepsOnlyTheSoundSteps() {
    PlanReader.Result result =
        read(
            """
            {"steps": [
              {"id": "a", "agent": "echo"},
              {"id": 1, "agent": "echo", "optional": "no"},
              7,
              {"id": "d", "agent": "echo", "dependsOn": "a", "timeoutMs": 0.5}
            ]}
            """);

    assertThat(result.problems())
        .containsExactlyInAnyOrder(
            new PlanProblem("plan.steps[1].id", "must be a string"),
            new PlanProblem("plan.steps[1].optional", "must be true or false"),
            new PlanProblem("plan.steps[2]", "must be an object"),
            new PlanProblem("plan.steps[3].dependsOn", "must be an array of step ids"),
            new PlanProblem("plan.steps[3].timeoutMs", "must be a whole number"));
    assertThat(result.plan().steps()).extracting(Step::id).containsExactly("a");
  }

  @ParameterizedTest
  @ValueSource(longs = {-4_294_967_295L, 4_294_967_297L, Long.MIN_VALUE + 1})
  void neverTurnsAnOutOfRangeMaxAttemptsIntoAValidOne(long maxAttempts) {
    PlanReader.Result result =
        readStep("\"id\": \"a\", \"agent\": \"echo\", \"maxAttempts\": " + maxAttempts);
    List<PlanProblem> problems = new ArrayList<>(result.problems());
    if (problems.isEmpty()) {
      problems.addAll(new PlanValidator(Set.of("echo")::contains, LIMITS).validate(result.plan()));
    }

    assertThat(problems)
        .anySatisfy(problem -> assertThat(problem.field()).endsWith("steps[0].maxAttempts"));
  }
}
