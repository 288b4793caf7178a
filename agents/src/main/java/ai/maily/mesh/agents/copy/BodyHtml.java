package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.personalize.MergeTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * The HTML of a body a language model wrote as plain text, built by the mesh rather than asked of
 * the model, so that no markup of the model's (a script, a form, a hidden link) reaches an email:
 * every character of the text is escaped, and the only elements are paragraphs, line breaks, lists
 * and links.
 *
 * <p>Paragraphs are separated by blank lines; lines that start with {@code "- "}, {@code "* "} or
 * {@code "• "} are list items; a line that reads {@code words: https://...} becomes a link with
 * those words, as the local composer writes its call to action; any other http(s) URL a link to
 * itself. Merge tags stay as written, for the personalizer.
 */
final class BodyHtml {

  private static final Pattern ITEM = Pattern.compile("^\\s*[-*•]\\s+(.*)$");
  private static final Pattern ACTION =
      Pattern.compile("^([^:]{1,80}):\\s*(https?://\\S*[^\\s.,;:!?)\\]])$");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
  // Punctuation that ends a sentence after a URL is not part of it.
  private static final Pattern URL_TAIL = Pattern.compile("[.,;:!?)\\]]+$");

  private BodyHtml() {}

  /** The body as HTML. */
  static String of(String text) {
    StringBuilder html = new StringBuilder();
    for (String paragraph : text.strip().replace("\r\n", "\n").split("\\n\\s*\\n")) {
      paragraph(paragraph.strip().lines().toList(), html);
    }
    return html.toString();
  }

  /** A paragraph: runs of plain lines as {@code <p>} with line breaks, runs of items as a list. */
  private static void paragraph(List<String> lines, StringBuilder html) {
    List<String> run = new ArrayList<>();
    boolean listRun = false;
    for (String line : lines) {
      boolean item = ITEM.matcher(line).matches();
      if (item != listRun && !run.isEmpty()) {
        flush(run, listRun, html);
        run.clear();
      }
      listRun = item;
      run.add(line.strip());
    }
    if (!run.isEmpty()) {
      flush(run, listRun, html);
    }
  }

  private static void flush(List<String> run, boolean list, StringBuilder html) {
    if (list) {
      html.append("<ul>");
      for (String line : run) {
        Matcher item = ITEM.matcher(line);
        item.matches();
        html.append("<li>").append(inline(item.group(1))).append("</li>");
      }
      html.append("</ul>");
      return;
    }
    html.append("<p>");
    for (int i = 0; i < run.size(); i++) {
      if (i > 0) {
        html.append("<br>");
      }
      html.append(line(run.get(i)));
    }
    html.append("</p>");
  }

  private static String line(String line) {
    Matcher action = ACTION.matcher(line);
    if (action.matches() && !action.group(1).contains("://")) {
      return link(action.group(2), inline(action.group(1).strip()));
    }
    return inline(line);
  }

  /** The text escaped, its merge tags as written and its URLs as links. */
  private static String inline(String text) {
    StringBuilder html = new StringBuilder();
    for (MergeTemplate.Part part : MergeTemplate.parse(text).parts()) {
      if (part instanceof MergeTemplate.Tag tag) {
        html.append(tag.tag().source());
      } else if (part instanceof MergeTemplate.Literal literal) {
        html.append(linked(literal.text()));
      }
    }
    return html.toString();
  }

  private static String linked(String text) {
    StringBuilder html = new StringBuilder();
    Matcher url = URL.matcher(text);
    int at = 0;
    while (url.find()) {
      String href = URL_TAIL.matcher(url.group()).replaceFirst("");
      html.append(Entities.escape(text.substring(at, url.start())));
      html.append(link(href, Entities.escape(href)));
      at = url.start() + href.length();
    }
    html.append(Entities.escape(text.substring(at)));
    return html.toString();
  }

  private static String link(String href, String words) {
    return "<a href=\"" + Entities.escape(href) + "\">" + words + "</a>";
  }
}
