package ai.maily.mesh.canvas;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The campaign email a canvas makes, as the agents read an email ({@code input.email}): the subject
 * and preheader blocks' text, and the other blocks in reading order — top to bottom, then left to
 * right — as HTML and as plain text. Every text is escaped in the HTML: what a user typed is shown,
 * never run. Merge tags ({@code {{ first_name }}}) pass through for the personalizer.
 *
 * @param subject the subject block's text; the canvas's title when it has none
 * @param preheader the preheader block's text; null when there is none
 */
public record CampaignEmail(String subject, String preheader, String html, String text) {

  private static final Comparator<Block> READING_ORDER =
      Comparator.comparingDouble(Block::y).thenComparingDouble(Block::x);

  public static CampaignEmail of(String title, List<Block> blocks) {
    String subject = textOf(blocks, BlockType.SUBJECT);
    String preheader = textOf(blocks, BlockType.PREHEADER);
    List<Block> body =
        blocks.stream().filter(b -> !b.type().isSingle()).sorted(READING_ORDER).toList();
    String shownSubject = subject != null ? subject : title;
    return new CampaignEmail(
        shownSubject, preheader, html(shownSubject, preheader, body), text(body));
  }

  private static String textOf(List<Block> blocks, BlockType type) {
    return blocks.stream()
        .filter(b -> b.type() == type)
        .map(b -> b.content().text())
        .findFirst()
        .orElse(null);
  }

  private static String html(String subject, String preheader, List<Block> body) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
        .append(escape(subject))
        .append("</title></head><body>");
    if (preheader != null) {
      // Inbox previews show the first text of the body; the preheader is that text, hidden.
      html.append("<div style=\"display:none\">").append(escape(preheader)).append("</div>");
    }
    for (Block block : body) {
      Block.Content content = block.content();
      switch (block.type()) {
        case HEADING -> html.append("<h1>").append(lines(content.text())).append("</h1>");
        case TEXT -> html.append("<p>").append(lines(content.text())).append("</p>");
        case IMAGE -> {
          if (content.src() != null) {
            html.append("<img src=\"")
                .append(escape(content.src()))
                .append("\" alt=\"")
                .append(escape(orEmpty(content.alt())))
                .append("\" width=\"")
                .append(Math.round(block.w()))
                .append("\">");
          }
        }
        case BUTTON -> {
          html.append("<p>");
          if (content.href() != null) {
            html.append("<a href=\"")
                .append(escape(content.href()))
                .append("\">")
                .append(escape(orEmpty(content.text())))
                .append("</a>");
          } else {
            html.append(escape(orEmpty(content.text())));
          }
          html.append("</p>");
        }
        case DIVIDER -> html.append("<hr>");
        default -> throw new IllegalStateException("not a body block: " + block.type());
      }
    }
    return html.append("</body></html>").toString();
  }

  private static String text(List<Block> body) {
    StringBuilder text = new StringBuilder();
    for (Block block : body) {
      Block.Content content = block.content();
      String part =
          switch (block.type()) {
            case HEADING -> orEmpty(content.text()).toUpperCase(Locale.ROOT);
            case TEXT -> orEmpty(content.text());
            case IMAGE -> content.alt() == null ? "" : "[" + content.alt() + "]";
            case BUTTON ->
                content.href() == null
                    ? orEmpty(content.text())
                    : orEmpty(content.text()) + ": " + content.href();
            case DIVIDER -> "----";
            default -> throw new IllegalStateException("not a body block: " + block.type());
          };
      if (!part.isEmpty()) {
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(part);
      }
    }
    return text.toString();
  }

  /** Escaped text whose line breaks show as {@code <br>}. */
  private static String lines(String text) {
    return escape(orEmpty(text)).replace("\r\n", "\n").replace("\n", "<br>");
  }

  /** {@code text} safe inside an HTML element or a double-quoted attribute. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }
}
