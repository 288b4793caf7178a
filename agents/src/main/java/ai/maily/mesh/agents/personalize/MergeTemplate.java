package ai.maily.mesh.agents.personalize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with merge tags in the Liquid/Handlebars style, parsed once and rendered per recipient
 * group.
 *
 * <p>Grammar: {@code {{ field }}} or {@code {{ field | default: "value" }}} (single quotes too),
 * whitespace optional; a field is letters, digits and underscores, dotted paths allowed. Nothing
 * else is a tag: a lone {@code }}} is text, because CSS in email HTML is full of them.
 *
 * @param parts the text in order: literal text and well-formed tags
 * @param malformed the tag-like text that is not well-formed, in order; it stays in the literal
 *     text, so a broken tag shows up in the rendered preview where the author will spot it
 */
public record MergeTemplate(List<Part> parts, List<MalformedTag> malformed) {

  /** A piece of a template. */
  public sealed interface Part permits Literal, Tag {}

  /** Text rendered as written. */
  public record Literal(String text) implements Part {}

  /** A merge tag, replaced when rendering. */
  public record Tag(MergeTag tag) implements Part {}

  private static final String OPEN = "{{";
  private static final String CLOSE = "}}";
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final int MAX_SOURCE = 60;

  public MergeTemplate {
    parts = List.copyOf(parts);
    malformed = List.copyOf(malformed);
  }

  /** Parses a text; never fails, malformed tags are reported in {@link #malformed()}. */
  public static MergeTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    List<MalformedTag> malformed = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int pos = 0;
    while (pos < text.length()) {
      int open = text.indexOf(OPEN, pos);
      if (open < 0) {
        literal.append(text, pos, text.length());
        break;
      }
      literal.append(text, pos, open);
      int close = text.indexOf(CLOSE, open + OPEN.length());
      int reopen = text.indexOf(OPEN, open + OPEN.length());
      if (close < 0 || (reopen >= 0 && reopen < close)) {
        int end = close < 0 ? text.length() : reopen;
        String source = text.substring(open, end);
        malformed.add(
            new MalformedTag(
                excerpt(source),
                "unclosed merge tag: '{{' has no matching '}}'",
                "close the tag, e.g. {{ first_name }}"));
        literal.append(source);
        pos = end;
        continue;
      }
      String source = text.substring(open, close + CLOSE.length());
      TagParse parsed = new TagParse(source, text.substring(open + OPEN.length(), close));
      Optional<MalformedTag> problem = parsed.problem();
      if (problem.isPresent()) {
        malformed.add(problem.get());
        literal.append(source);
      } else {
        if (literal.length() > 0) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Tag(parsed.tag()));
      }
      pos = close + CLOSE.length();
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new MergeTemplate(parts, malformed);
  }

  /** The well-formed tags in order, repeats included. */
  public List<MergeTag> tags() {
    List<MergeTag> tags = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Tag tag) {
        tags.add(tag.tag());
      }
    }
    return tags;
  }

  /**
   * What a recipient without the merge fields sees of {@code text}: each tag replaced by its
   * default, or by nothing. Rules and embeddings that judge copy read this, not the tags' syntax.
   */
  public static String seenWithoutData(String text) {
    return parse(text).render(tag -> tag.defaultValue().orElse(""));
  }

  /** The text with every tag replaced by what {@code valueOf} gives for it. */
  public String render(Function<MergeTag, String> valueOf) {
    StringBuilder rendered = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Tag tag) {
        rendered.append(valueOf.apply(tag.tag()));
      } else if (part instanceof Literal literal) {
        rendered.append(literal.text());
      }
    }
    return rendered.toString();
  }

  private static String excerpt(String source) {
    return source.length() <= MAX_SOURCE ? source : source.substring(0, MAX_SOURCE - 1) + "…";
  }

  /** Parses what stands between the braces of one tag, reporting the first thing wrong. */
  private static final class TagParse {
    private final String source;
    private final String body;
    private int pos;
    private String field;
    private String defaultValue;
    private MalformedTag problem;

    TagParse(String source, String body) {
      this.source = source;
      this.body = body;
      parse();
    }

    Optional<MalformedTag> problem() {
      return Optional.ofNullable(problem);
    }

    MergeTag tag() {
      return new MergeTag(field, Optional.ofNullable(defaultValue), source);
    }

    private void parse() {
      skipBlanks();
      if (pos == body.length()) {
        fail("empty merge tag", "put a field name between the braces, e.g. {{ first_name }}");
        return;
      }
      if (body.charAt(pos) == '{') {
        fail(
            "triple braces are not supported",
            "use double braces, e.g. {{ first_name }}; values are always HTML-escaped");
        return;
      }
      Matcher name = NAME.matcher(body).region(pos, body.length());
      if (!name.lookingAt()) {
        fail(
            "'" + body.strip() + "' is not a field name",
            "field names are letters, digits, underscores and dots, e.g. {{ first_name }}");
        return;
      }
      field = name.group();
      pos = name.end();
      skipBlanks();
      while (problem == null && pos < body.length()) {
        if (body.charAt(pos) != '|') {
          fail(
              defaultValue == null
                  ? "'" + body.strip() + "' is not a field name"
                  : "unexpected '" + body.substring(pos).strip() + "' after the default value",
              "write {{ " + field + " }} or {{ " + field + " | default: \"…\" }}");
          return;
        }
        pos++;
        filter();
      }
    }

    private void filter() {
      skipBlanks();
      Matcher name = NAME.matcher(body).region(pos, body.length());
      if (!name.lookingAt()) {
        fail("empty filter after '|'", "write {{ " + field + " | default: \"…\" }}");
        return;
      }
      if (!name.group().equals("default")) {
        fail(
            "unknown filter '" + name.group() + "'; only default is supported",
            "write {{ " + field + " }} or {{ " + field + " | default: \"…\" }}");
        return;
      }
      if (defaultValue != null) {
        fail("default is given twice", "keep one: {{ " + field + " | default: \"…\" }}");
        return;
      }
      pos = name.end();
      skipBlanks();
      if (pos == body.length() || body.charAt(pos) != ':') {
        fail("the default filter needs a value", "write {{ " + field + " | default: \"…\" }}");
        return;
      }
      pos++;
      skipBlanks();
      if (pos == body.length() || (body.charAt(pos) != '"' && body.charAt(pos) != '\'')) {
        String value = body.substring(pos).strip();
        fail(
            "the default value must be quoted",
            "write {{ " + field + " | default: \"" + (value.isEmpty() ? "…" : value) + "\" }}");
        return;
      }
      char quote = body.charAt(pos);
      int end = body.indexOf(quote, pos + 1);
      if (end < 0) {
        fail(
            "unterminated quote in the default value",
            "close the quote: {{ "
                + field
                + " | default: "
                + body.substring(pos).strip()
                + quote
                + " }}");
        return;
      }
      defaultValue = body.substring(pos + 1, end);
      pos = end + 1;
      skipBlanks();
    }

    private void skipBlanks() {
      while (pos < body.length() && Character.isWhitespace(body.charAt(pos))) {
        pos++;
      }
    }

    private void fail(String message, String fix) {
      problem = new MalformedTag(excerpt(source), message, fix);
    }
  }
}
