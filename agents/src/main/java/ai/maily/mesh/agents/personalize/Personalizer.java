package ai.maily.mesh.agents.personalize;

import ai.maily.mesh.agents.Email;
import com.google.common.html.HtmlEscapers;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks an email's merge tags against an audience and renders one variant per segment.
 *
 * <p>A tag renders the segment's value for its field; if the segment has none (or an empty one),
 * the tag's inline default; else the audience fallback; else nothing. Values are HTML-escaped in
 * the HTML part only.
 */
public final class Personalizer {

  /** The name of the one variant rendered when the audience has no segments. */
  public static final String DEFAULT_SEGMENT = "default";

  private Personalizer() {}

  /** Validates the tags in every part of the email and renders the variants. */
  public static Personalization personalize(Email email, Audience audience) {
    Map<EmailPart, MergeTemplate> parts = parts(email);
    List<Problem> problems = new ArrayList<>();
    Map<String, List<MergeTag>> byField = new LinkedHashMap<>();
    for (Map.Entry<EmailPart, MergeTemplate> part : parts.entrySet()) {
      for (MalformedTag tag : part.getValue().malformed()) {
        String where = " (in the " + part.getKey().label() + ")";
        problems.add(
            new Problem(Problem.Severity.ERROR, tag.source(), tag.message() + where, tag.fix()));
      }
      for (MergeTag tag : part.getValue().tags()) {
        byField.computeIfAbsent(tag.field(), field -> new ArrayList<>()).add(tag);
      }
    }
    List<TagUsage> usages = new ArrayList<>();
    byField.forEach(
        (field, tags) -> {
          TagUsage usage =
              new TagUsage(
                  field,
                  tags.size(),
                  tags.stream().allMatch(tag -> tag.defaultValue().isPresent()),
                  audience.fields().contains(field));
          usages.add(usage);
          fieldProblem(usage, tags, audience).ifPresent(problems::add);
        });
    List<Audience.Segment> segments =
        audience.segments().isEmpty()
            ? List.of(new Audience.Segment(DEFAULT_SEGMENT, Map.of()))
            : audience.segments();
    List<Variant> variants = segments.stream().map(s -> render(parts, s, audience)).toList();
    return new Personalization(usages, problems, variants);
  }

  private static Map<EmailPart, MergeTemplate> parts(Email email) {
    Map<EmailPart, MergeTemplate> parts = new EnumMap<>(EmailPart.class);
    parts.put(EmailPart.SUBJECT, MergeTemplate.parse(email.subject()));
    email.preheader().ifPresent(p -> parts.put(EmailPart.PREHEADER, MergeTemplate.parse(p)));
    email.html().ifPresent(h -> parts.put(EmailPart.HTML, MergeTemplate.parse(h)));
    email.text().ifPresent(t -> parts.put(EmailPart.TEXT, MergeTemplate.parse(t)));
    return parts;
  }

  private static Optional<Problem> fieldProblem(
      TagUsage usage, List<MergeTag> tags, Audience audience) {
    String field = usage.field();
    String first = tags.get(0).source();
    if (!usage.known()) {
      Optional<String> closest = closestField(field, audience.fields());
      String fix =
          closest
              .map(known -> "did you mean '" + known + "'? Write {{ " + known + " }}")
              .orElse(
                  "add '"
                      + field
                      + "' to audience.fields, or use one of: "
                      + (audience.fields().isEmpty()
                          ? "(none declared)"
                          : String.join(", ", audience.fields())));
      return Optional.of(
          new Problem(
              Problem.Severity.ERROR,
              first,
              "unknown field '" + field + "': the audience has no such field",
              fix));
    }
    if (usage.hasDefault() || audience.fallbacks().containsKey(field)) {
      return Optional.empty();
    }
    String bare =
        tags.stream()
            .filter(tag -> tag.defaultValue().isEmpty())
            .findFirst()
            .orElseThrow()
            .source();
    return Optional.of(
        new Problem(
            Problem.Severity.WARNING,
            bare,
            "no fallback for '"
                + field
                + "': recipients without a "
                + field
                + " would see an empty value",
            "add a default, e.g. {{ "
                + field
                + " | default: \"…\" }}, or set audience.fallbacks."
                + field));
  }

  /**
   * The declared field closest to a misspelt one, if it is close: at most one edit per three
   * characters (at least one), ignoring case.
   */
  static Optional<String> closestField(String field, List<String> known) {
    String wanted = field.toLowerCase(Locale.ROOT);
    int closest = Math.max(1, wanted.length() / 3) + 1;
    Optional<String> suggestion = Optional.empty();
    for (String candidate : known) {
      int distance = EditDistance.between(wanted, candidate.toLowerCase(Locale.ROOT));
      if (distance < closest) {
        closest = distance;
        suggestion = Optional.of(candidate);
      }
    }
    return suggestion;
  }

  private static Variant render(
      Map<EmailPart, MergeTemplate> parts, Audience.Segment segment, Audience audience) {
    Set<String> fallbacks = new LinkedHashSet<>();
    Function<MergeTag, String> valueOf =
        tag -> {
          String value = segment.values().get(tag.field());
          if (value != null && !value.isEmpty()) {
            return value;
          }
          fallbacks.add(tag.field());
          return tag.defaultValue().orElse(audience.fallbacks().getOrDefault(tag.field(), ""));
        };
    Map<EmailPart, String> rendered = new EnumMap<>(EmailPart.class);
    parts.forEach(
        (part, template) ->
            rendered.put(
                part,
                template.render(
                    part == EmailPart.HTML
                        ? valueOf.andThen(HtmlEscapers.htmlEscaper()::escape)
                        : valueOf)));
    return new Variant(
        segment.name(),
        rendered.get(EmailPart.SUBJECT),
        Optional.ofNullable(rendered.get(EmailPart.PREHEADER)),
        Optional.ofNullable(rendered.get(EmailPart.HTML)),
        Optional.ofNullable(rendered.get(EmailPart.TEXT)),
        List.copyOf(fallbacks));
  }

  /** The parts of an email that may hold merge tags, in the order they are reported. */
  private enum EmailPart {
    SUBJECT,
    PREHEADER,
    HTML,
    TEXT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
