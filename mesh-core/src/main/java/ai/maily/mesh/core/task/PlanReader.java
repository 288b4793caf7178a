package ai.maily.mesh.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plan from its JSON form, {@code {"steps": [{"id", "agent", "kind", "dependsOn",
 * "optional", "timeoutMs", "maxAttempts"}]}}, filling in defaults and collecting every shape
 * problem with the path of the offending field.
 */
public final class PlanReader {

  /** A plan and the problems met reading it; the plan is usable only when there are none. */
  public record Result(Plan plan, List<PlanProblem> problems) {}

  private static final List<String> STEP_FIELDS =
      List.of("id", "agent", "kind", "dependsOn", "optional", "timeoutMs", "maxAttempts");

  private final TaskLimits limits;

  public PlanReader(TaskLimits limits) {
    this.limits = limits;
  }

  public Result read(JsonNode planNode, String path) {
    List<PlanProblem> problems = new ArrayList<>();
    List<Step> steps = new ArrayList<>();
    if (planNode == null || !planNode.isObject()) {
      problems.add(new PlanProblem(path, "must be an object with a 'steps' array"));
      return new Result(new Plan(steps), problems);
    }
    JsonNode stepsNode = planNode.get("steps");
    if (stepsNode == null || !stepsNode.isArray()) {
      problems.add(new PlanProblem(path + ".steps", "must be an array of steps"));
      return new Result(new Plan(steps), problems);
    }
    for (int i = 0; i < stepsNode.size(); i++) {
      Step step = readStep(stepsNode.get(i), path + ".steps[" + i + "]", problems);
      if (step != null) {
        steps.add(step);
      }
    }
    return new Result(new Plan(steps), problems);
  }

  private Step readStep(JsonNode node, String at, List<PlanProblem> problems) {
    if (!node.isObject()) {
      problems.add(new PlanProblem(at, "must be an object"));
      return null;
    }
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (!STEP_FIELDS.contains(field)) {
                problems.add(
                    new PlanProblem(at + "." + field, "unknown field; allowed: " + STEP_FIELDS));
              }
            });
    int before = problems.size();
    String id = text(node, "id", at, problems, null);
    String kindText = text(node, "kind", at, problems, "agent");
    StepKind kind = null;
    if (kindText != null) {
      try {
        kind = StepKind.fromWireName(kindText);
      } catch (IllegalArgumentException e) {
        problems.add(new PlanProblem(at + ".kind", "must be 'agent' or 'approval'"));
      }
    }
    String agent = text(node, "agent", at, problems, "");
    List<String> dependsOn = new ArrayList<>();
    JsonNode deps = node.get("dependsOn");
    if (deps != null && !deps.isNull()) {
      if (!deps.isArray()) {
        problems.add(new PlanProblem(at + ".dependsOn", "must be an array of step ids"));
      } else {
        for (JsonNode dep : deps) {
          if (dep.isTextual()) {
            dependsOn.add(dep.asText());
          } else {
            problems.add(new PlanProblem(at + ".dependsOn", "must contain only step ids"));
          }
        }
      }
    }
    boolean optional = false;
    JsonNode optionalNode = node.get("optional");
    if (optionalNode != null && !optionalNode.isNull()) {
      if (optionalNode.isBoolean()) {
        optional = optionalNode.booleanValue();
      } else {
        problems.add(new PlanProblem(at + ".optional", "must be true or false"));
      }
    }
    long timeoutMs =
        number(node, "timeoutMs", at, problems, limits.defaultStepTimeout().toMillis());
    long maxAttempts = number(node, "maxAttempts", at, problems, limits.defaultMaxAttempts());
    if (kind == StepKind.APPROVAL && (node.has("timeoutMs") || node.has("maxAttempts"))) {
      problems.add(
          new PlanProblem(at, "an approval step waits for a person: no timeoutMs or maxAttempts"));
    }
    if (problems.size() > before) {
      return null;
    }
    return new Step(
        id,
        agent,
        kind,
        dependsOn,
        optional,
        kind == StepKind.APPROVAL ? 0 : timeoutMs,
        kind == StepKind.APPROVAL ? 1 : saturatedInt(maxAttempts));
  }

  /** Keeps out-of-range values out of range, so the validator reports them. */
  private static int saturatedInt(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(value, Integer.MAX_VALUE));
  }

  private static String text(
      JsonNode node, String field, String at, List<PlanProblem> problems, String fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (fallback == null) {
        problems.add(new PlanProblem(at + "." + field, "is required"));
      }
      return fallback;
    }
    if (!value.isTextual()) {
      problems.add(new PlanProblem(at + "." + field, "must be a string"));
      return null;
    }
    return value.asText();
  }

  private static long number(
      JsonNode node, String field, String at, List<PlanProblem> problems, long fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      problems.add(new PlanProblem(at + "." + field, "must be a whole number"));
      return fallback;
    }
    return value.longValue();
  }
}
