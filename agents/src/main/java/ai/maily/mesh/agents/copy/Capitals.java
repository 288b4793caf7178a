package ai.maily.mesh.agents.copy;

/** Sentence capitals for filled patterns, whose first word may come from the brief. */
final class Capitals {

  private Capitals() {}

  /** {@code rendered} with its first letter in capitals, if it starts with a small letter. */
  static Template.Rendered sentence(Template.Rendered rendered) {
    return new Template.Rendered(
        upperFirst(rendered.text()), upperFirst(rendered.html()), upperFirst(rendered.seen()));
  }

  private static String upperFirst(String text) {
    if (text.isEmpty() || !Character.isLowerCase(text.charAt(0))) {
      return text;
    }
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
