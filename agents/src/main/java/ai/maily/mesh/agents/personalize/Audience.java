package ai.maily.mesh.agents.personalize;

import ai.maily.mesh.agents.InputNode;
import java.util.List;
import java.util.Map;

/**
 * Who an email goes to, from {@code input.audience}.
 *
 * @param fields the fields every contact record has, which merge tags may read
 * @param fallbacks the account-wide value per field for contacts that lack one
 * @param segments the groups to render a variant for
 */
public record Audience(List<String> fields, Map<String, String> fallbacks, List<Segment> segments) {

  /** An audience nothing is known about: every merge tag is unknown. */
  public static final Audience UNKNOWN = new Audience(List.of(), Map.of(), List.of());

  /**
   * A group of contacts.
   *
   * @param name the segment's name, e.g. {@code vip}
   * @param values the field values that represent the segment in its rendered variant
   */
  public record Segment(String name, Map<String, String> values) {
    public Segment {
      values = Map.copyOf(values);
    }
  }

  public Audience {
    fields = List.copyOf(fields);
    fallbacks = Map.copyOf(fallbacks);
    segments = List.copyOf(segments);
  }

  /** Reads {@code input.audience}; fails with a field-naming invalid-input failure. */
  public static Audience from(InputNode audience) {
    return new Audience(
        audience.texts("fields"),
        audience.scalars("fallbacks"),
        audience.objects("segments").stream()
            .map(segment -> new Segment(segment.requiredText("name"), segment.scalars("values")))
            .toList());
  }
}
