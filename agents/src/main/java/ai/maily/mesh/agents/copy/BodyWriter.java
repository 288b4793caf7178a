package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.copy.PhraseLibrary.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jsoup.nodes.Entities;

/**
 * Assembles email bodies from the library's blocks: a greeting, an opening, the key points (as a
 * list, or the first one highlighted and the rest listed), the offer, date or deadline, an opt-out
 * line when winning contacts back, a lead into the call to action, the link, and a closing signed
 * by the brand. Each candidate draws its blocks with a random of its own, seeded from the brief.
 */
final class BodyWriter {

  private static final int ATTEMPTS = 16;

  private final PhraseLibrary library;

  BodyWriter(PhraseLibrary library) {
    this.library = library;
  }

  /** Up to 16 different bodies for {@code brief}, in the order drawn. */
  List<Template.Rendered> candidates(CopyBrief brief, Template.Fill fill) {
    Map<String, Template.Rendered> bodies = new LinkedHashMap<>();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Template.Rendered body = draw(brief, fill, new Random(brief.seed() * 1_000_003L + attempt));
      bodies.putIfAbsent(body.seen(), body);
    }
    return List.copyOf(bodies.values());
  }

  private Template.Rendered draw(CopyBrief brief, Template.Fill fill, Random random) {
    Blocks blocks = new Blocks();
    one(Section.GREETINGS, brief, fill, random).ifPresent(blocks::paragraph);
    one(Section.OPENINGS, brief, fill, random).ifPresent(blocks::paragraph);
    List<String> points = brief.keyPoints();
    if (points.size() >= 2 && random.nextBoolean()) {
      one(Section.HIGHLIGHTS, brief, BriefSlots.withKeyPoint(fill, points.get(0)), random)
          .ifPresent(blocks::paragraph);
      points = points.subList(1, points.size());
    }
    if (!points.isEmpty()) {
      blocks.list(one(Section.POINT_INTROS, brief, fill, random), points);
    }
    one(Section.DETAILS, brief, fill, random).ifPresent(blocks::paragraph);
    one(Section.OPT_OUTS, brief, fill, random).ifPresent(blocks::paragraph);
    one(Section.ACTION_LEADS, brief, fill, random).ifPresent(blocks::paragraph);
    brief.url().ifPresent(url -> blocks.link(fill.values().get("cta"), url));
    brief
        .brand()
        .ifPresent(
            brand ->
                one(Section.CLOSINGS, brief, fill, random)
                    .ifPresent(closing -> blocks.signOff(closing, "The " + brand + " team")));
    return blocks.rendered();
  }

  /** One usable block of {@code section}, drawn at random, capitalised; empty if none fits. */
  private Optional<Template.Rendered> one(
      Section section, CopyBrief brief, Template.Fill fill, Random random) {
    List<Template.Rendered> usable = new ArrayList<>();
    for (Template template : library.phrases(section, brief.goal(), brief.tone())) {
      template.render(fill, random).map(Capitals::sentence).ifPresent(usable::add);
    }
    return usable.isEmpty()
        ? Optional.empty()
        : Optional.of(usable.get(random.nextInt(usable.size())));
  }

  /** A body being assembled, as text, HTML and what a recipient sees. */
  private static final class Blocks {

    private final List<String> text = new ArrayList<>();
    private final StringBuilder html = new StringBuilder();
    private final List<String> seen = new ArrayList<>();

    void paragraph(Template.Rendered block) {
      text.add(block.text());
      html.append("<p>").append(block.html()).append("</p>");
      seen.add(block.seen());
    }

    /** A list, led by {@code intro} on the line above it. */
    void list(Optional<Template.Rendered> intro, List<String> items) {
      String lines = String.join("\n", items.stream().map(item -> "- " + item).toList());
      text.add(intro.map(i -> i.text() + "\n").orElse("") + lines);
      seen.add(intro.map(i -> i.seen() + "\n").orElse("") + lines);
      intro.ifPresent(i -> html.append("<p>").append(i.html()).append("</p>"));
      html.append("<ul>");
      items.forEach(item -> html.append("<li>").append(Entities.escape(item)).append("</li>"));
      html.append("</ul>");
    }

    void link(String words, String url) {
      text.add(words + ": " + url);
      seen.add(words + ": " + url);
      html.append("<p><a href=\"")
          .append(Entities.escape(url))
          .append("\">")
          .append(Entities.escape(words))
          .append("</a></p>");
    }

    void signOff(Template.Rendered closing, String signature) {
      text.add(closing.text() + "\n" + signature);
      seen.add(closing.seen() + "\n" + signature);
      html.append("<p>")
          .append(closing.html())
          .append("<br>")
          .append(Entities.escape(signature))
          .append("</p>");
    }

    Template.Rendered rendered() {
      return new Template.Rendered(
          String.join("\n\n", text), html.toString(), String.join("\n\n", seen));
    }
  }
}
