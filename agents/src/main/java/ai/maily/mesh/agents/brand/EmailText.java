package ai.maily.mesh.agents.brand;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.personalize.MergeTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * The sentences a reader reads in an email: the subject, the preheader, and the body — its plain
 * text part, or else the visible text of its HTML, where every block (paragraph, heading, list
 * item, table cell) ends a sentence even without punctuation. Merge tags read as their defaults.
 */
final class EmailText {

  private static final Set<String> BLOCKS =
      Set.of(
          "p",
          "div",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "li",
          "td",
          "th",
          "tr",
          "table",
          "blockquote",
          "section",
          "article",
          "header",
          "footer",
          "ul",
          "ol",
          "center");
  private static final Set<String> INVISIBLE = Set.of("script", "style", "title", "head");

  private EmailText() {}

  /** Every sentence of {@code email}, with the part it stands in, in reading order. */
  static List<VoiceCheck.Sentence> sentences(Email email) {
    List<VoiceCheck.Sentence> sentences = new ArrayList<>();
    add("subject", email.subject(), sentences);
    email.preheader().ifPresent(preheader -> add("preheader", preheader, sentences));
    String body =
        email
            .text()
            .filter(text -> !text.isBlank())
            .or(() -> email.html().map(EmailText::visible))
            .orElse("");
    add("body", body, sentences);
    return sentences;
  }

  /** The sentences of {@code text}, standing in {@code part} (a variant of a subject, a body). */
  static List<VoiceCheck.Sentence> sentences(String part, String text) {
    List<VoiceCheck.Sentence> sentences = new ArrayList<>();
    add(part, text, sentences);
    return sentences;
  }

  /**
   * Adds the sentences of {@code text}, its merge tags read as a recipient without data would read
   * them: the tag's default, else the field's name in brackets ("[city]").
   */
  private static void add(String part, String text, List<VoiceCheck.Sentence> sentences) {
    String read =
        MergeTemplate.parse(text).render(tag -> tag.defaultValue().orElse("[" + tag.field() + "]"));
    Sentences.split(read).forEach(s -> sentences.add(new VoiceCheck.Sentence(part, s)));
  }

  /** The visible text of {@code html}, a blank line between blocks and a line break per br. */
  static String visible(String html) {
    StringBuilder text = new StringBuilder();
    NodeTraversor.traverse(
        new NodeVisitor() {
          private int hidden;

          @Override
          public void head(Node node, int depth) {
            if (node instanceof Element element) {
              String name = element.normalName();
              if (INVISIBLE.contains(name)) {
                hidden++;
              } else if (name.equals("br")) {
                text.append('\n');
              } else if (BLOCKS.contains(name)) {
                text.append("\n\n");
              }
            } else if (node instanceof TextNode textNode && hidden == 0) {
              text.append(textNode.text());
            }
          }

          @Override
          public void tail(Node node, int depth) {
            if (node instanceof Element element) {
              String name = element.normalName();
              if (INVISIBLE.contains(name)) {
                hidden--;
              } else if (BLOCKS.contains(name)) {
                text.append("\n\n");
              }
            }
          }
        },
        Jsoup.parse(html));
    return text.toString();
  }
}
