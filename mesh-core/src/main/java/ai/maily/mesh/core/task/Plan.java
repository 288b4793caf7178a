package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import java.util.List;
import java.util.Optional;

/** A task's plan: a DAG of steps, in the order the client gave them. */
public record Plan(List<Step> steps) implements CborSerializable {

  public Plan {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public Optional<Step> step(String id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }
}
