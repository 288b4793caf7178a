package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

final class PlanValidatorTest {

  private static final TaskLimits LIMITS =
      new TaskLimits(64, 10, Duration.ofMinutes(10), 256 * 1024, Duration.ofSeconds(30), 3);

  private final PlanValidator validator =
      new PlanValidator(Set.of("echo", "summarize")::contains, LIMITS);

  private static Step agent(String id, String... dependsOn) {
    return Step.agent(id, "echo", List.of(dependsOn), 30_000, 3);
  }

  private List<PlanProblem> validate(Step... steps) {
    return validator.validate(new Plan(List.of(steps)));
  }

  @Test
  void acceptsADiamondDag() {
    assertThat(validate(agent("a"), agent("b", "a"), agent("c", "a"), agent("d", "b", "c")))
        .isEmpty();
  }

  @Test
  void acceptsAnApprovalStepBetweenAgentSteps() {
    assertThat(validate(agent("draft"), Step.approval("ok", List.of("draft")), agent("send", "ok")))
        .isEmpty();
  }

  @Test
  void rejectsAnEmptyPlan() {
    assertThat(validator.validate(new Plan(List.of())))
        .containsExactly(new PlanProblem("steps", "the plan has no steps"));
  }

  @Test
  void rejectsADuplicateIdAndNamesItsFirstUse() {
    assertThat(validate(agent("a"), agent("b"), agent("a")))
        .containsExactly(
            new PlanProblem("steps[2].id", "duplicate step id 'a' (first used by steps[0])"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "-a", "_a", ".a", "a b", "a/b", "étape",
      })
  void rejectsAnInvalidId(String id) {
    assertThat(validate(agent(id)))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.field()).isEqualTo("steps[0].id");
              assertThat(problem.message()).startsWith("step id '" + id + "' must match");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "7",
        "Fetch.mail-2_b",
      })
  void acceptsAValidId(String id) {
    assertThat(validate(agent(id))).isEmpty();
  }

  @Test
  void acceptsAnIdOf64CharactersAndRejectsOneOf65() {
    assertThat(validate(agent("a".repeat(64)))).isEmpty();
    assertThat(validate(agent("a".repeat(65))))
        .extracting(PlanProblem::field)
        .containsExactly("steps[0].id");
  }

  @Test
  void rejectsAnUnknownAgent() {
    assertThat(validate(Step.agent("a", "ghost", List.of(), 30_000, 3)))
        .containsExactly(new PlanProblem("steps[0].agent", "unknown agent 'ghost'"));
  }

  @Test
  void rejectsAnAgentStepWithoutAgent() {
    assertThat(validate(Step.agent("a", "", List.of(), 30_000, 3)))
        .containsExactly(new PlanProblem("steps[0].agent", "an agent step must name its agent"));
  }

  @Test
  void rejectsAnApprovalStepNamingAnAgent() {
    Step approval = new Step("ok", "echo", StepKind.APPROVAL, List.of(), false, 0, 1);

    assertThat(validate(approval))
        .containsExactly(new PlanProblem("steps[0].agent", "an approval step names no agent"));
  }

  @Test
  void rejectsAStepWithoutKind() {
    Step noKind = new Step("a", "echo", null, List.of(), false, 30_000, 3);

    assertThat(validate(noKind))
        .containsExactly(new PlanProblem("steps[0].kind", "kind must be 'agent' or 'approval'"));
  }

  @Test
  void rejectsAnUnknownDependency() {
    assertThat(validate(agent("a"), agent("b", "a", "missing")))
        .containsExactly(new PlanProblem("steps[1].dependsOn", "unknown dependency 'missing'"));
  }

  @Test
  void rejectsASelfDependencyWithoutCallingItACycle() {
    assertThat(validate(agent("a", "a")))
        .containsExactly(new PlanProblem("steps[0].dependsOn", "step 'a' depends on itself"));
  }

  @Test
  void rejectsADependencyListedTwice() {
    assertThat(validate(agent("a"), agent("b", "a", "a")))
        .containsExactly(new PlanProblem("steps[1].dependsOn", "dependency 'a' is listed twice"));
  }

  @Test
  void rejectsATwoStepCycleAndNamesItsPath() {
    assertThat(validate(agent("a", "b"), agent("b", "a")))
        .containsExactly(new PlanProblem("steps", "the plan has a cycle: a -> b -> a"));
  }

  @Test
  void rejectsAThreeStepCycleAndNamesItsPath() {
    assertThat(validate(agent("a", "c"), agent("b", "a"), agent("c", "b")))
        .containsExactly(new PlanProblem("steps", "the plan has a cycle: a -> c -> b -> a"));
  }

  @Test
  void namesOnlyTheStepsOnTheCycleNotTheWayIntoIt() {
    assertThat(validate(agent("entry", "a"), agent("a", "b"), agent("b", "a")))
        .containsExactly(new PlanProblem("steps", "the plan has a cycle: a -> b -> a"));
  }

  @ParameterizedTest
  @ValueSource(longs = {Long.MIN_VALUE, -1, 0, 600_001, Long.MAX_VALUE})
  void rejectsATimeoutOutOfBounds(long timeoutMs) {
    assertThat(validate(Step.agent("a", "echo", List.of(), timeoutMs, 3)))
        .containsExactly(
            new PlanProblem("steps[0].timeoutMs", "timeoutMs must be between 1 and 600000"));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 600_000})
  void acceptsATimeoutAtItsBounds(long timeoutMs) {
    assertThat(validate(Step.agent("a", "echo", List.of(), timeoutMs, 3))).isEmpty();
  }

  @Test
  void needsNoTimeoutForAnApprovalStep() {
    assertThat(validate(Step.approval("ok", List.of()))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 11, Integer.MAX_VALUE})
  void rejectsMaxAttemptsOutOfBounds(int maxAttempts) {
    assertThat(validate(Step.agent("a", "echo", List.of(), 30_000, maxAttempts)))
        .containsExactly(
            new PlanProblem("steps[0].maxAttempts", "maxAttempts must be between 1 and 10"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 10})
  void acceptsMaxAttemptsAtItsBounds(int maxAttempts) {
    assertThat(validate(Step.agent("a", "echo", List.of(), 30_000, maxAttempts))).isEmpty();
  }

  @Test
  void rejectsMoreStepsThanAllowed() {
    assertThat(validator.validate(independentSteps(65)))
        .containsExactly(new PlanProblem("steps", "the plan has 65 steps; at most 64 allowed"));
  }

  @Test
  void acceptsExactlyTheAllowedNumberOfSteps() {
    assertThat(validator.validate(independentSteps(64))).isEmpty();
  }

  @Test
  void reportsEveryProblemOfAPlanAtOnce() {
    List<PlanProblem> problems =
        validate(
            agent("a"),
            agent("a"),
            Step.agent("b", "ghost", List.of("nowhere"), 0, 3),
            Step.agent("c", "echo", List.of("d"), 30_000, 99),
            agent("d", "c"));

    assertThat(problems)
        .containsExactlyInAnyOrder(
            new PlanProblem("steps[1].id", "duplicate step id 'a' (first used by steps[0])"),
            new PlanProblem("steps[2].agent", "unknown agent 'ghost'"),
            new PlanProblem("steps[2].timeoutMs", "timeoutMs must be between 1 and 600000"),
            new PlanProblem("steps[2].dependsOn", "unknown dependency 'nowhere'"),
            new PlanProblem("steps[3].maxAttempts", "maxAttempts must be between 1 and 10"),
            new PlanProblem("steps", "the plan has a cycle: c -> d -> c"));
  }

  private static Plan independentSteps(int count) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      steps.add(agent("s" + i));
    }
    return new Plan(steps);
  }
}
