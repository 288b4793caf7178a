package ai.maily.mesh.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The playbooks a node offers, read from {@code mesh.playbooks} (each entry: {@code description}
 * and {@code plan} in the same shape as a submitted plan). Every playbook is validated at start-up
 * against the registered agents, so a broken playbook stops the node instead of failing tasks.
 */
public final class PlaybookRegistry {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Playbook> byName;

  private PlaybookRegistry(Map<String, Playbook> byName) {
    this.byName = byName;
  }

  /** Reads and validates every playbook; throws naming every problem of every broken one. */
  public static PlaybookRegistry fromConfig(
      Config config, Predicate<String> knownAgent, TaskLimits limits) {
    Map<String, Playbook> byName = new TreeMap<>();
    PlanReader reader = new PlanReader(limits);
    PlanValidator validator = new PlanValidator(knownAgent, limits);
    Config playbooks =
        config.hasPath("mesh.playbooks")
            ? config.getConfig("mesh.playbooks")
            : ConfigFactory.empty();
    StringBuilder errors = new StringBuilder();
    for (String name : playbooks.root().keySet()) {
      Config entry;
      JsonNode planNode;
      String description;
      try {
        entry = playbooks.getConfig("\"" + name + "\"");
        planNode = toJson(entry.getValue("plan").render(ConfigRenderOptions.concise()));
        description = entry.getString("description");
      } catch (ConfigException e) {
        errors.append("\n  playbook '").append(name).append("': ").append(e.getMessage());
        continue;
      }
      PlanReader.Result read = reader.read(planNode, "plan");
      List<PlanProblem> problems =
          read.problems().isEmpty() ? validator.validate(read.plan()) : read.problems();
      if (!problems.isEmpty()) {
        errors.append("\n  playbook '").append(name).append("': ").append(problems);
        continue;
      }
      byName.put(name, new Playbook(name, description, read.plan()));
    }
    if (errors.length() > 0) {
      throw new IllegalStateException("invalid playbooks in mesh.playbooks:" + errors);
    }
    return new PlaybookRegistry(byName);
  }

  private static JsonNode toJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Optional<Playbook> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** All playbooks, ordered by name. */
  public Collection<Playbook> all() {
    return byName.values();
  }
}
