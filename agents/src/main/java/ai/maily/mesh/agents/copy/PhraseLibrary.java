package ai.maily.mesh.agents.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The local composer's phrases: for each part of an email, patterns written for some goals and
 * tones (see {@code phrase-library.json} and {@link Template} for their syntax).
 */
final class PhraseLibrary {

  /** The parts of an email the library has patterns for. */
  enum Section {
    SUBJECTS("subjects"),
    PREHEADERS("preheaders"),
    GREETINGS("greetings"),
    OPENINGS("openings"),
    HIGHLIGHTS("highlights"),
    POINT_INTROS("pointIntros"),
    DETAILS("details"),
    OPT_OUTS("optOuts"),
    ACTION_LEADS("actionLeads"),
    CLOSINGS("closings");

    private final String field;

    Section(String field) {
      this.field = field;
    }
  }

  static final String RESOURCE = "phrase-library.json";

  private final Map<Section, List<Phrase>> sections;
  private final Map<Goal, Template> actions;

  private PhraseLibrary(Map<Section, List<Phrase>> sections, Map<Goal, Template> actions) {
    this.sections = sections;
    this.actions = actions;
  }

  /** The library that ships with the agents. */
  static PhraseLibrary shipped() {
    try (InputStream in = PhraseLibrary.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return read(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * A library from its JSON form.
   *
   * @throws IllegalArgumentException naming the entry that is malformed
   */
  static PhraseLibrary read(JsonNode json) {
    Map<Section, List<Phrase>> sections = new EnumMap<>(Section.class);
    for (Section section : Section.values()) {
      List<Phrase> phrases = new ArrayList<>();
      for (JsonNode entry : json.path(section.field)) {
        phrases.add(
            new Phrase(
                Template.parse(entry.path("text").asText()),
                ids(entry.path("goals"), Goal.class, Goal::id),
                ids(entry.path("tones"), Tone.class, Tone::id)));
      }
      if (phrases.isEmpty()) {
        throw new IllegalArgumentException("the library has no " + section.field);
      }
      sections.put(section, List.copyOf(phrases));
    }
    Map<Goal, Template> actions = new EnumMap<>(Goal.class);
    for (Goal goal : Goal.values()) {
      JsonNode action = json.path("actions").path(goal.id());
      if (!action.isTextual()) {
        throw new IllegalArgumentException("the library has no action for goal " + goal.id());
      }
      actions.put(goal, Template.parse(action.asText()));
    }
    return new PhraseLibrary(sections, actions);
  }

  /** The patterns of {@code section} written for {@code goal} in {@code tone}. */
  List<Template> phrases(Section section, Goal goal, Tone tone) {
    return sections.get(section).stream()
        .filter(phrase -> phrase.goals().contains(goal) && phrase.tones().contains(tone))
        .map(Phrase::template)
        .toList();
  }

  /** The patterns of {@code section} written for {@code goal} in any tone but {@code tone}. */
  List<Template> otherTones(Section section, Goal goal, Tone tone) {
    return sections.get(section).stream()
        .filter(phrase -> phrase.goals().contains(goal) && !phrase.tones().contains(tone))
        .map(Phrase::template)
        .toList();
  }

  /** The default words of the call to action for {@code goal}, e.g. "See {product}". */
  Template action(Goal goal) {
    return actions.get(goal);
  }

  private static <E extends Enum<E>> Set<E> ids(
      JsonNode array, Class<E> type, Function<E, String> id) {
    if (array.isMissingNode() || array.isEmpty()) {
      return EnumSet.allOf(type);
    }
    Set<E> values = EnumSet.noneOf(type);
    for (JsonNode element : array) {
      values.add(
          Arrays.stream(type.getEnumConstants())
              .filter(value -> id.apply(value).equals(element.asText()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown " + type.getSimpleName() + " '" + element.asText() + "'")));
    }
    return values;
  }

  /** A pattern and the goals and tones it is written for. */
  private record Phrase(Template template, Set<Goal> goals, Set<Tone> tones) {}
}
