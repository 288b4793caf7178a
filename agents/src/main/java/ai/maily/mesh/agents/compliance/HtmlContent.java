package ai.maily.mesh.agents.compliance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reader sees in an email's HTML: the visible text, the links and the images, found by a
 * small tolerant scanner.
 *
 * <p>Email HTML is often broken (unclosed tags, unquoted attributes, Outlook conditional comments),
 * so the scanner never fails: a {@code <} that does not start a tag is text, an unclosed tag or
 * link ends at the end of the input, and comments, {@code <script>}, {@code <style>} and {@code
 * <title>} contribute no visible text.
 *
 * @param text the visible text, entities decoded, whitespace collapsed
 * @param links the {@code <a>} elements in document order
 * @param images the {@code <img>} elements in document order
 * @param elements the names of all elements that occur, lower-case
 */
public record HtmlContent(String text, List<Link> links, List<Image> images, Set<String> elements) {

  /**
   * A link.
   *
   * @param href the decoded {@code href}, empty if there is none
   * @param text the visible text inside the link, collapsed
   */
  public record Link(String href, String text) {}

  /**
   * An image.
   *
   * @param src the decoded {@code src}
   * @param alt the {@code alt} text, empty if the attribute is missing
   * @param pixel true if it is declared 1×1 or smaller, the shape of a tracking pixel
   */
  public record Image(String src, Optional<String> alt, boolean pixel) {}

  private static final Map<String, Pattern> RAW_TEXT_ENDS =
      Map.of(
          "script", Pattern.compile("</script\\s*>", Pattern.CASE_INSENSITIVE),
          "style", Pattern.compile("</style\\s*>", Pattern.CASE_INSENSITIVE),
          "title", Pattern.compile("</title\\s*>", Pattern.CASE_INSENSITIVE));
  private static final Set<String> BLOCK_ELEMENTS =
      Set.of(
          "address",
          "article",
          "blockquote",
          "br",
          "center",
          "div",
          "footer",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "header",
          "hr",
          "li",
          "ol",
          "p",
          "section",
          "table",
          "td",
          "th",
          "tr",
          "ul");
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});");
  private static final Map<String, String> NAMED_ENTITIES =
      Map.ofEntries(
          Map.entry("amp", "&"),
          Map.entry("lt", "<"),
          Map.entry("gt", ">"),
          Map.entry("quot", "\""),
          Map.entry("apos", "'"),
          Map.entry("nbsp", " "),
          Map.entry("copy", "©"),
          Map.entry("reg", "®"),
          Map.entry("trade", "™"),
          Map.entry("hellip", "…"),
          Map.entry("mdash", "—"),
          Map.entry("ndash", "–"),
          Map.entry("lsquo", "‘"),
          Map.entry("rsquo", "’"),
          Map.entry("ldquo", "“"),
          Map.entry("rdquo", "”"),
          Map.entry("euro", "€"),
          Map.entry("pound", "£"),
          Map.entry("middot", "·"),
          Map.entry("bull", "•"),
          // Invisible padding that preheader hacks repeat; it is no visible text.
          Map.entry("zwnj", ""),
          Map.entry("shy", ""));
  private static final Pattern INVISIBLE = Pattern.compile("[\\u200b-\\u200d\\u00ad\\ufeff]");
  private static final Pattern BLANKS = Pattern.compile("[\\s\\u00a0]+");

  public HtmlContent {
    links = List.copyOf(links);
    images = List.copyOf(images);
    elements = Set.copyOf(elements);
  }

  /** Scans an HTML document or fragment. */
  public static HtmlContent scan(String html) {
    return new Scan(html).run();
  }

  /** Decodes character references; unknown named ones stay as written. */
  private static String decodeEntities(String text) {
    if (text.indexOf('&') < 0) {
      return text;
    }
    Matcher matcher = ENTITY.matcher(text);
    StringBuilder decoded = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement;
      if (name.startsWith("#")) {
        boolean hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
        int codePoint =
            Integer.parseInt(hex ? name.substring(2) : name.substring(1), hex ? 16 : 10);
        replacement = Character.isValidCodePoint(codePoint) ? Character.toString(codePoint) : "";
      } else {
        replacement = NAMED_ENTITIES.getOrDefault(name.toLowerCase(Locale.ROOT), matcher.group());
      }
      matcher.appendReplacement(decoded, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(decoded);
    return decoded.toString();
  }

  private static String collapse(CharSequence text) {
    String visible = INVISIBLE.matcher(text).replaceAll("");
    return BLANKS.matcher(visible).replaceAll(" ").strip();
  }

  /** One pass over the input; a cursor with the link currently open. */
  private static final class Scan {
    private final String html;
    private final StringBuilder text = new StringBuilder();
    private final List<Link> links = new ArrayList<>();
    private final List<Image> images = new ArrayList<>();
    private final Set<String> elements = new TreeSet<>();
    private int pos;
    private String openHref;
    private StringBuilder openLinkText;

    Scan(String html) {
      this.html = html;
    }

    HtmlContent run() {
      while (pos < html.length()) {
        if (html.charAt(pos) != '<') {
          int next = html.indexOf('<', pos);
          appendText(decodeEntities(html.substring(pos, next < 0 ? html.length() : next)));
          pos = next < 0 ? html.length() : next;
        } else if (html.startsWith("<!--", pos)) {
          skipPast("-->", pos + 4);
        } else if (pos + 1 < html.length()
            && (html.charAt(pos + 1) == '!' || html.charAt(pos + 1) == '?')) {
          skipPast(">", pos + 2);
        } else {
          Optional<Tag> tag = readTag();
          if (tag.isPresent()) {
            onTag(tag.get());
          } else {
            appendText("<");
            pos++;
          }
        }
      }
      closeLink();
      return new HtmlContent(collapse(text), links, images, elements);
    }

    private void onTag(Tag tag) {
      if (BLOCK_ELEMENTS.contains(tag.name())) {
        appendText(" ");
      }
      if (tag.closing()) {
        if (tag.name().equals("a")) {
          closeLink();
        }
        return;
      }
      elements.add(tag.name());
      switch (tag.name()) {
        case "a" -> {
          closeLink();
          openHref = tag.attribute("href").orElse("");
          openLinkText = new StringBuilder();
        }
        case "img" ->
            images.add(
                new Image(tag.attribute("src").orElse(""), tag.attribute("alt"), tag.isPixel()));
        default -> {
          Pattern end = RAW_TEXT_ENDS.get(tag.name());
          if (end != null && !tag.selfClosing()) {
            Matcher close = end.matcher(html);
            pos = close.find(pos) ? close.end() : html.length();
          }
        }
      }
    }

    private void appendText(String chunk) {
      text.append(chunk);
      if (openLinkText != null) {
        openLinkText.append(chunk);
      }
    }

    private void closeLink() {
      if (openLinkText != null) {
        links.add(new Link(openHref.strip(), collapse(openLinkText)));
        openHref = null;
        openLinkText = null;
      }
    }

    private void skipPast(String end, int from) {
      int at = html.indexOf(end, from);
      pos = at < 0 ? html.length() : at + end.length();
    }

    /** Reads a tag at {@code pos}, or nothing if the {@code <} there does not start one. */
    private Optional<Tag> readTag() {
      int i = pos + 1;
      boolean closing = i < html.length() && html.charAt(i) == '/';
      if (closing) {
        i++;
      }
      int nameStart = i;
      while (i < html.length()
          && (Character.isLetterOrDigit(html.charAt(i)) || html.charAt(i) == '-')) {
        i++;
      }
      if (i == nameStart || !Character.isLetter(html.charAt(nameStart))) {
        return Optional.empty();
      }
      String name = html.substring(nameStart, i).toLowerCase(Locale.ROOT);
      Map<String, String> attributes = new LinkedHashMap<>();
      boolean selfClosing = false;
      while (i < html.length() && html.charAt(i) != '>') {
        char c = html.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '/') {
          selfClosing = true;
          i++;
        } else {
          selfClosing = false;
          int attrStart = i;
          while (i < html.length() && !isAttributeNameEnd(html.charAt(i))) {
            i++;
          }
          String attrName = html.substring(attrStart, i).toLowerCase(Locale.ROOT);
          while (i < html.length() && Character.isWhitespace(html.charAt(i))) {
            i++;
          }
          String value = "";
          if (i < html.length() && html.charAt(i) == '=') {
            i++;
            while (i < html.length() && Character.isWhitespace(html.charAt(i))) {
              i++;
            }
            int valueEnd;
            if (i < html.length() && (html.charAt(i) == '"' || html.charAt(i) == '\'')) {
              int close = html.indexOf(html.charAt(i), i + 1);
              valueEnd = close < 0 ? html.length() : close;
              value = html.substring(i + 1, valueEnd);
              i = Math.min(html.length(), valueEnd + 1);
            } else {
              valueEnd = i;
              while (valueEnd < html.length()
                  && !Character.isWhitespace(html.charAt(valueEnd))
                  && html.charAt(valueEnd) != '>') {
                valueEnd++;
              }
              value = html.substring(i, valueEnd);
              i = valueEnd;
            }
          }
          attributes.putIfAbsent(attrName, decodeEntities(value));
        }
      }
      pos = Math.min(html.length(), i + 1);
      return Optional.of(new Tag(name, closing, selfClosing, attributes));
    }

    private static boolean isAttributeNameEnd(char c) {
      return Character.isWhitespace(c) || c == '=' || c == '>' || c == '/';
    }
  }

  private record Tag(
      String name, boolean closing, boolean selfClosing, Map<String, String> attributes) {

    Optional<String> attribute(String attributeName) {
      return Optional.ofNullable(attributes.get(attributeName));
    }

    boolean isPixel() {
      String style = attribute("style").orElse("").replaceAll("\\s", "").toLowerCase(Locale.ROOT);
      boolean styledPixel =
          style.matches(".*(^|;)width:[01](px)?(;|$).*")
              && style.matches(".*(^|;)height:[01](px)?(;|$).*");
      return styledPixel || (isTiny(attribute("width")) && isTiny(attribute("height")));
    }

    private static boolean isTiny(Optional<String> dimension) {
      return dimension
          .map(d -> d.strip().replaceFirst("(?i)px$", ""))
          .filter(d -> d.equals("0") || d.equals("1"))
          .isPresent();
    }
  }
}
