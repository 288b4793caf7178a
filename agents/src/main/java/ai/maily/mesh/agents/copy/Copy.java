package ai.maily.mesh.agents.copy;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link CopyGenerator} wrote for a brief, best first: the written variants, then the
 * draft's part where the brief has a draft.
 *
 * @param subjects subject lines
 * @param preheaders inbox preview texts
 * @param bodies bodies, as text and HTML
 * @param generation who wrote them, and at what cost
 */
public record Copy(
    List<CopyVariant> subjects,
    List<CopyVariant> preheaders,
    List<CopyVariant> bodies,
    Generation generation) {

  public Copy {
    subjects = List.copyOf(subjects);
    preheaders = List.copyOf(preheaders);
    bodies = List.copyOf(bodies);
    Objects.requireNonNull(generation, "generation");
  }

  /** The same variants, credited to {@code other}. */
  public Copy by(Generation other) {
    return new Copy(subjects, preheaders, bodies, other);
  }
}
