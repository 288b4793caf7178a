package ai.maily.mesh.agents.compliance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeVisitor;

/**
 * What a reader sees in an email's HTML: the visible text, the links and the images, as jsoup's
 * HTML5 parser builds them (ADR 0021).
 *
 * <p>Email HTML is often broken (unclosed tags, unquoted attributes, stray {@code <}, tables around
 * stray text, Outlook conditional comments); jsoup parses it the way a browser does and never
 * fails. Comments (so Outlook-only {@code <!--[if mso]>} blocks), {@code <script>}, {@code <style>}
 * and {@code <title>} contribute no visible text.
 *
 * @param text the visible text, entities decoded, whitespace collapsed
 * @param links the {@code <a>} elements in document order
 * @param images the {@code <img>} elements in document order
 * @param elements the names of all elements written in the HTML, lower-case; not the {@code
 *     <html>}, {@code <head>} or {@code <body>} that the parser adds when they are left out
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

  /** Elements whose content a reader never sees as text. */
  private static final Set<String> INVISIBLE_ELEMENTS =
      Set.of("script", "style", "title", "template");

  /**
   * Block elements: their edges separate words. jsoup's own {@code Element.text()} knows these too,
   * but collapses neither the no-break space nor zero-width characters, so the text is gathered
   * here.
   */
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

  // Invisible padding that preheader hacks repeat (&zwnj;, &shy;): it is no visible text.
  private static final Pattern INVISIBLE = Pattern.compile("[\\u200b-\\u200d\\u00ad\\ufeff]");
  private static final Pattern BLANKS = Pattern.compile("[\\s\\u00a0]+");
  private static final Pattern STYLED_WIDTH = Pattern.compile("(^|;)width:[01](px)?(;|$)");
  private static final Pattern STYLED_HEIGHT = Pattern.compile("(^|;)height:[01](px)?(;|$)");

  public HtmlContent {
    links = List.copyOf(links);
    images = List.copyOf(images);
    elements = Set.copyOf(elements);
  }

  /** Parses an HTML document or fragment; never fails. */
  public static HtmlContent scan(String html) {
    // Position tracking tells the elements written in the source from those the parser implied.
    Parser parser = Parser.htmlParser().setTrackPosition(true);
    Document document = parser.parseInput(html, "");
    Visible visible = new Visible();
    document.traverse(visible);
    List<Link> links = new ArrayList<>();
    for (Element a : document.getElementsByTag("a")) {
      Visible linkText = new Visible();
      a.traverse(linkText);
      links.add(new Link(a.attr("href").strip(), linkText.collapsed()));
    }
    List<Image> images = new ArrayList<>();
    for (Element img : document.getElementsByTag("img")) {
      Optional<String> alt = img.hasAttr("alt") ? Optional.of(img.attr("alt")) : Optional.empty();
      images.add(new Image(img.attr("src"), alt, isPixel(img)));
    }
    Set<String> elements = new TreeSet<>();
    for (Element element : document.getAllElements()) {
      if (element != document && !element.sourceRange().isImplicit()) {
        elements.add(element.normalName());
      }
    }
    return new HtmlContent(visible.collapsed(), links, images, elements);
  }

  private static boolean isPixel(Element img) {
    String style = img.attr("style").replaceAll("\\s", "").toLowerCase(Locale.ROOT);
    boolean styledPixel = STYLED_WIDTH.matcher(style).find() && STYLED_HEIGHT.matcher(style).find();
    return styledPixel || (isTiny(img.attr("width")) && isTiny(img.attr("height")));
  }

  private static boolean isTiny(String dimension) {
    String number = dimension.strip().replaceFirst("(?i)px$", "");
    return number.equals("0") || number.equals("1");
  }

  /**
   * Gathers the text a reader sees under a node, a space at the edges of block elements. Comments
   * are no text nodes, so they need no check.
   */
  private static final class Visible implements NodeVisitor {
    private final StringBuilder text = new StringBuilder();
    private int hiddenDepth;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof TextNode textNode) {
        if (hiddenDepth == 0) {
          text.append(textNode.getWholeText());
        }
      } else if (node instanceof Element element) {
        onEdge(element, 1);
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (node instanceof Element element) {
        onEdge(element, -1);
      }
    }

    private void onEdge(Element element, int entering) {
      if (INVISIBLE_ELEMENTS.contains(element.normalName())) {
        hiddenDepth += entering;
      } else if (BLOCK_ELEMENTS.contains(element.normalName())) {
        text.append(' ');
      }
    }

    String collapsed() {
      String visible = INVISIBLE.matcher(text).replaceAll("");
      return BLANKS.matcher(visible).replaceAll(" ").strip();
    }
  }
}
