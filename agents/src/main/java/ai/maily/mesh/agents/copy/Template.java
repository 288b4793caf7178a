package ai.maily.mesh.agents.copy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.jsoup.nodes.Entities;

/**
 * One pattern of the phrase library, parsed. Its syntax:
 *
 * <ul>
 *   <li>{@code {product}}: a slot, filled from the brief; without a value the pattern is unusable;
 *   <li>{@code {first_name|Hi}}: a merge tag with its inline default, usable only when the audience
 *       has the field; it stays a merge tag for the personalizer to render;
 *   <li>{@code <, until {deadline}>}: an optional group, dropped when a slot in it has no value;
 *   <li>{@code [Out now|Just launched]}: a choice, picked by the seed.
 * </ul>
 *
 * Everything else is literal text; the characters {@code {}<>[]|} have no literal use.
 */
final class Template {

  private final String source;
  private final List<Part> parts;

  private Template(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException naming the pattern when its syntax is broken
   */
  static Template parse(String pattern) {
    Parser parser = new Parser(pattern);
    List<Part> parts = parser.parts(false);
    if (parser.position < pattern.length()) {
      throw parser.error("unexpected '" + pattern.charAt(parser.position) + "'");
    }
    return new Template(pattern, parts);
  }

  /** The pattern as written. */
  String source() {
    return source;
  }

  /** True if the pattern names {@code slot} anywhere, optional groups included. */
  boolean mentions(String slot) {
    return mentions(parts, slot);
  }

  /**
   * The pattern with its slots filled, or empty when a slot outside an optional group has no value
   * or a merge tag names a field the audience lacks.
   */
  Optional<Rendered> render(Fill fill, Random random) {
    StringBuilder text = new StringBuilder();
    StringBuilder html = new StringBuilder();
    StringBuilder seen = new StringBuilder();
    if (!append(parts, fill, random, text, html, seen)) {
      return Optional.empty();
    }
    return Optional.of(new Rendered(text.toString(), html.toString(), seen.toString()));
  }

  private static boolean append(
      List<Part> parts,
      Fill fill,
      Random random,
      StringBuilder text,
      StringBuilder html,
      StringBuilder seen) {
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        text.append(literal.text());
        html.append(Entities.escape(literal.text()));
        seen.append(literal.text());
      } else if (part instanceof Choice choice) {
        String option = choice.options().get(random.nextInt(choice.options().size()));
        text.append(option);
        html.append(Entities.escape(option));
        seen.append(option);
      } else if (part instanceof Slot slot) {
        String value = fill.values().get(slot.name());
        if (value == null || value.isEmpty()) {
          return false;
        }
        text.append(value);
        html.append(Entities.escape(value));
        seen.append(value);
      } else if (part instanceof MergeTag tag) {
        if (!fill.mergeFields().contains(tag.field())) {
          return false;
        }
        String written = "{{ " + tag.field() + " | default: \"" + tag.fallback() + "\" }}";
        text.append(written);
        html.append(written);
        seen.append(tag.fallback());
      } else if (part instanceof Group group) {
        // A group renders into scratch buffers, so a missing slot drops the whole group.
        StringBuilder groupText = new StringBuilder();
        StringBuilder groupHtml = new StringBuilder();
        StringBuilder groupSeen = new StringBuilder();
        if (append(group.parts(), fill, random, groupText, groupHtml, groupSeen)) {
          text.append(groupText);
          html.append(groupHtml);
          seen.append(groupSeen);
        }
      }
    }
    return true;
  }

  private static boolean mentions(List<Part> parts, String slot) {
    for (Part part : parts) {
      if (part instanceof Slot s && s.name().equals(slot)
          || part instanceof MergeTag t && t.field().equals(slot)
          || part instanceof Group g && mentions(g.parts(), slot)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return source;
  }

  /**
   * What slots are filled with.
   *
   * @param values slot name to value; a slot without one makes its pattern or group unusable
   * @param mergeFields the audience fields merge tags may name
   */
  record Fill(Map<String, String> values, Set<String> mergeFields) {

    Fill {
      values = Map.copyOf(values);
      mergeFields = Set.copyOf(mergeFields);
    }

    /** This fill with {@code slot} set to {@code value}. */
    Fill with(String slot, String value) {
      Map<String, String> more = new HashMap<>(values);
      more.put(slot, value);
      return new Fill(more, mergeFields);
    }
  }

  /**
   * A filled pattern.
   *
   * @param text the plain text, merge tags as written
   * @param html the same as HTML text: literal text and values escaped, merge tags as written
   * @param seen what a recipient without the merge fields sees: tags replaced by their defaults
   */
  record Rendered(String text, String html, String seen) {}

  private sealed interface Part permits Literal, Slot, MergeTag, Choice, Group {}

  private record Literal(String text) implements Part {}

  private record Slot(String name) implements Part {}

  private record MergeTag(String field, String fallback) implements Part {}

  private record Choice(List<String> options) implements Part {}

  private record Group(List<Part> parts) implements Part {}

  /** A recursive-descent reader of one pattern. */
  private static final class Parser {

    private final String pattern;
    private int position;

    Parser(String pattern) {
      this.pattern = pattern;
    }

    List<Part> parts(boolean inGroup) {
      List<Part> parts = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      while (position < pattern.length()) {
        char c = pattern.charAt(position);
        if (c == '>' && inGroup) {
          break;
        }
        if (c == '{' || c == '[' || c == '<') {
          if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
          }
          position++;
          parts.add(c == '{' ? slot() : c == '[' ? choice() : group());
        } else if (c == '}' || c == ']' || c == '>' || c == '|') {
          throw error("unexpected '" + c + "'");
        } else {
          literal.append(c);
          position++;
        }
      }
      if (!literal.isEmpty()) {
        parts.add(new Literal(literal.toString()));
      }
      return parts;
    }

    private Part slot() {
      String body = until('}');
      int bar = body.indexOf('|');
      if (bar < 0) {
        return new Slot(name(body));
      }
      return new MergeTag(name(body.substring(0, bar)), body.substring(bar + 1));
    }

    private Part choice() {
      List<String> options = List.of(until(']').split("\\|", -1));
      if (options.size() < 2 || options.stream().anyMatch(String::isEmpty)) {
        throw error("a choice needs two or more non-empty options");
      }
      return new Choice(options);
    }

    private Part group() {
      List<Part> parts = parts(true);
      if (position >= pattern.length()) {
        throw error("an optional group is not closed");
      }
      position++;
      if (parts.stream().noneMatch(part -> part instanceof Slot || part instanceof MergeTag)) {
        throw error("an optional group without a slot is never dropped");
      }
      return new Group(parts);
    }

    private String until(char end) {
      int close = pattern.indexOf(end, position);
      if (close < 0) {
        throw error("'" + end + "' is missing");
      }
      String body = pattern.substring(position, close);
      if (body.chars().anyMatch(ch -> "{}[]<>".indexOf(ch) >= 0)) {
        throw error("nested brackets");
      }
      position = close + 1;
      return body;
    }

    private String name(String name) {
      if (!name.matches("[a-z_]+")) {
        throw error("a slot name is lower-case letters and underscores, got '" + name + "'");
      }
      return name;
    }

    IllegalArgumentException error(String problem) {
      return new IllegalArgumentException(
          "pattern \"" + pattern + "\" at " + position + ": " + problem);
    }
  }
}
