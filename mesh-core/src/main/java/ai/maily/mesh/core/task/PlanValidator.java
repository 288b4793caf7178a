package ai.maily.mesh.core.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a plan before anything is persisted and reports every problem at once, so a client fixes
 * its plan in one round trip.
 */
public final class PlanValidator {

  private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Predicate<String> knownAgent;
  private final TaskLimits limits;

  public PlanValidator(Predicate<String> knownAgent, TaskLimits limits) {
    this.knownAgent = knownAgent;
    this.limits = limits;
  }

  /** All problems of the plan; empty when it may run. */
  /** Every problem of a submission: its plan's, and an input over the size limit. */
  public List<PlanProblem> validate(TaskSubmission submission) {
    List<PlanProblem> problems = new ArrayList<>(validate(submission.plan()));
    int inputBytes = submission.input().toString().getBytes(StandardCharsets.UTF_8).length;
    if (inputBytes > limits.maxInputBytes()) {
      problems.add(
          new PlanProblem(
              "input", "the input is " + inputBytes + " bytes; at most " + limits.maxInputBytes()));
    }
    return problems;
  }

  public List<PlanProblem> validate(Plan plan) {
    List<PlanProblem> problems = new ArrayList<>();
    List<Step> steps = plan.steps();
    if (steps.isEmpty()) {
      problems.add(new PlanProblem("steps", "the plan has no steps"));
      return problems;
    }
    if (steps.size() > limits.maxSteps()) {
      problems.add(
          new PlanProblem(
              "steps",
              "the plan has "
                  + steps.size()
                  + " steps; at most "
                  + limits.maxSteps()
                  + " allowed"));
    }
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String at = "steps[" + i + "]";
      checkStep(step, at, problems);
      if (step.id() != null && firstIndex.putIfAbsent(step.id(), i) != null) {
        problems.add(
            new PlanProblem(
                at + ".id",
                "duplicate step id '"
                    + step.id()
                    + "' (first used by steps["
                    + firstIndex.get(step.id())
                    + "])"));
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      Set<String> seen = new HashSet<>();
      for (String dep : step.dependsOn()) {
        String at = "steps[" + i + "].dependsOn";
        if (dep.equals(step.id())) {
          problems.add(new PlanProblem(at, "step '" + step.id() + "' depends on itself"));
        } else if (!firstIndex.containsKey(dep)) {
          problems.add(new PlanProblem(at, "unknown dependency '" + dep + "'"));
        }
        if (!seen.add(dep)) {
          problems.add(new PlanProblem(at, "dependency '" + dep + "' is listed twice"));
        }
      }
    }
    findCycle(steps).ifPresent(cycle -> problems.add(new PlanProblem("steps", cycle)));
    return problems;
  }

  private void checkStep(Step step, String at, List<PlanProblem> problems) {
    if (step.id() == null || !STEP_ID.matcher(step.id()).matches()) {
      problems.add(
          new PlanProblem(
              at + ".id",
              "step id '" + step.id() + "' must match " + STEP_ID.pattern() + " (1-64 chars)"));
    }
    if (step.kind() == null) {
      problems.add(new PlanProblem(at + ".kind", "kind must be 'agent' or 'approval'"));
      return;
    }
    switch (step.kind()) {
      case AGENT -> {
        if (step.agent().isEmpty()) {
          problems.add(new PlanProblem(at + ".agent", "an agent step must name its agent"));
        } else if (!knownAgent.test(step.agent())) {
          problems.add(new PlanProblem(at + ".agent", "unknown agent '" + step.agent() + "'"));
        }
      }
      case APPROVAL -> {
        if (!step.agent().isEmpty()) {
          problems.add(new PlanProblem(at + ".agent", "an approval step names no agent"));
        }
        if (step.optional()) {
          // A rejected approval must stop what depends on it; an optional one would not.
          problems.add(new PlanProblem(at + ".optional", "an approval step cannot be optional"));
        }
      }
    }
    if (step.kind() == StepKind.AGENT
        && (step.timeoutMs() < 1 || step.timeoutMs() > limits.maxStepTimeout().toMillis())) {
      problems.add(
          new PlanProblem(
              at + ".timeoutMs",
              "timeoutMs must be between 1 and " + limits.maxStepTimeout().toMillis()));
    }
    if (step.maxAttempts() < 1 || step.maxAttempts() > limits.maxAttempts()) {
      problems.add(
          new PlanProblem(
              at + ".maxAttempts", "maxAttempts must be between 1 and " + limits.maxAttempts()));
    }
  }

  /** Depth-first search with colours; reports the first cycle found as a readable path. */
  private static Optional<String> findCycle(List<Step> steps) {
    Map<String, Step> byId = new LinkedHashMap<>();
    for (Step step : steps) {
      if (step.id() != null) {
        byId.putIfAbsent(step.id(), step);
      }
    }
    CycleSearch search = new CycleSearch(byId);
    for (String id : byId.keySet()) {
      if (search.cycle == null) {
        search.visit(id);
      }
    }
    return Optional.ofNullable(search.cycle);
  }

  private static final class CycleSearch {
    private final Map<String, Step> byId;
    private final Set<String> done = new HashSet<>();
    private final Deque<String> path = new ArrayDeque<>();
    private String cycle;

    CycleSearch(Map<String, Step> byId) {
      this.byId = byId;
    }

    void visit(String id) {
      if (done.contains(id) || cycle != null) {
        return;
      }
      if (path.contains(id)) {
        List<String> loop = new ArrayList<>();
        boolean inLoop = false;
        for (var it = path.descendingIterator(); it.hasNext(); ) {
          String p = it.next();
          inLoop |= p.equals(id);
          if (inLoop) {
            loop.add(p);
          }
        }
        loop.add(id);
        cycle = "the plan has a cycle: " + String.join(" -> ", loop);
        return;
      }
      Step step = byId.get(id);
      if (step == null) {
        return;
      }
      path.push(id);
      for (String dep : step.dependsOn()) {
        if (!dep.equals(id)) {
          visit(dep);
        }
      }
      path.pop();
      done.add(id);
    }
  }
}
