package ai.maily.mesh.node;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell steps of a README section and the outcome each documents. A {@code sh} code block is
 * cut after every {@code # → outcome} comment; the comment, with the {@code #} lines right after
 * it, documents the commands above it:
 *
 * <pre>
 * curl -s -X POST localhost:8080/api/v1/tasks …
 * # → 202 {"taskId":"…","status":"RUNNING","created":true}
 * </pre>
 *
 * reads as: the last HTTP call answers 202, and the output holds {@code {"taskId":"} and then
 * {@code ","status":"RUNNING","created":true}}. A leading three-digit number is the status; the
 * rest is literal output in which an ellipsis or a line break stands for anything.
 */
final class ReadmeWalkthrough {

  private static final String OUTCOME = "# → ";
  private static final Pattern STATUS = Pattern.compile("^(\\d{3})(?:\\s+|$)(.*)");

  /**
   * A step's commands and what they should show.
   *
   * @param status the HTTP status of the step's last call, if documented
   * @param output pieces of the output, in the order they appear
   */
  record Step(String commands, OptionalInt status, List<String> output) {

    boolean documented() {
      return status.isPresent() || !output.isEmpty();
    }

    /** True when the commands send nothing but GETs, so running them again changes nothing. */
    boolean onlyReads() {
      return !commands.contains("-X ")
          && !commands.contains("--data")
          && !commands.contains(" -d ");
    }
  }

  private ReadmeWalkthrough() {}

  /**
   * The steps of the {@code sh} blocks under the heading {@code section} (e.g. {@code ##
   * Walk-through}) and its subsections, up to the next heading of the same level.
   */
  static List<Step> steps(String markdown, String section) {
    List<String> lines = markdown.lines().toList();
    int start = lines.indexOf(section);
    if (start < 0) {
      throw new IllegalArgumentException("no heading " + section);
    }
    String sameLevel = section.substring(0, section.indexOf(' ') + 1);
    List<Step> steps = new ArrayList<>();
    List<String> block = null;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (block == null && line.startsWith(sameLevel)) {
        break;
      }
      if (block == null && line.equals("```sh")) {
        block = new ArrayList<>();
      } else if (block != null && line.equals("```")) {
        steps.addAll(stepsOf(block));
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    return steps;
  }

  private static List<Step> stepsOf(List<String> block) {
    List<Step> steps = new ArrayList<>();
    List<String> commands = new ArrayList<>();
    int i = 0;
    while (i < block.size()) {
      String line = block.get(i++);
      if (!line.startsWith(OUTCOME)) {
        commands.add(line);
        continue;
      }
      List<String> outcome = new ArrayList<>(List.of(line.substring(OUTCOME.length())));
      while (i < block.size()
          && block.get(i).startsWith("#")
          && !block.get(i).startsWith(OUTCOME)) {
        outcome.add(block.get(i++).substring(1));
      }
      steps.add(step(commands, outcome));
      commands = new ArrayList<>();
    }
    if (commands.stream().anyMatch(command -> !command.isBlank())) {
      steps.add(step(commands, List.of()));
    }
    return steps;
  }

  private static Step step(List<String> commands, List<String> outcome) {
    OptionalInt status = OptionalInt.empty();
    List<String> lines = new ArrayList<>(outcome);
    if (!lines.isEmpty()) {
      Matcher leading = STATUS.matcher(lines.get(0));
      if (leading.matches()) {
        status = OptionalInt.of(Integer.parseInt(leading.group(1)));
        lines.set(0, leading.group(2));
      }
    }
    List<String> output = new ArrayList<>();
    for (String line : lines) {
      for (String piece : line.split("…")) {
        if (!piece.isBlank()) {
          output.add(piece.strip());
        }
      }
    }
    return new Step(String.join("\n", commands), status, output);
  }
}
