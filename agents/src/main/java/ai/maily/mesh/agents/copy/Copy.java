package ai.maily.mesh.agents.copy;

import java.util.List;

/**
 * What a {@link CopyGenerator} wrote for a brief, best first: the written variants, then the
 * draft's part where the brief has a draft.
 *
 * @param subjects subject lines
 * @param preheaders inbox preview texts
 * @param bodies bodies, as text and HTML
 */
public record Copy(
    List<CopyVariant> subjects, List<CopyVariant> preheaders, List<CopyVariant> bodies) {

  public Copy {
    subjects = List.copyOf(subjects);
    preheaders = List.copyOf(preheaders);
    bodies = List.copyOf(bodies);
  }
}
