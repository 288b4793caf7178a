package ai.maily.mesh.agents.copy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The values a brief gives the library's slots: {@code product}, {@code brand}, {@code offer},
 * {@code deadline}, {@code date}, {@code place}, {@code cta}, {@code benefits} (the key points as
 * one phrase) and, per key point, {@code benefit} and {@code benefit_lc} (for mid-sentence use).
 */
final class BriefSlots {

  // A plain capitalised word ("Waterproof"), which mid-sentence takes a small letter; names with
  // inner capitals ("Gore-Tex", "iPhone") and figures ("30%") keep theirs.
  private static final Pattern PLAIN_CAPITALISED = Pattern.compile("^[A-Z][a-z]+(?=[\\s,:;]|$)");

  private BriefSlots() {}

  /** The slots of {@code brief}, with the call to action from the library where it has none. */
  static Template.Fill of(CopyBrief brief, PhraseLibrary library) {
    Map<String, String> values = new HashMap<>();
    values.put("product", brief.product());
    put(values, "brand", brief.brand());
    put(values, "offer", brief.offer());
    put(values, "deadline", brief.deadline());
    put(values, "date", brief.date());
    put(values, "place", brief.place());
    if (!brief.keyPoints().isEmpty()) {
      values.put(
          "benefits", list(brief.keyPoints().stream().map(BriefSlots::midSentence).toList()));
    }
    Template.Fill fill = new Template.Fill(values, brief.mergeFields());
    String cta =
        brief
            .callToAction()
            .or(
                () ->
                    library
                        .action(brief.goal())
                        .render(fill, new Random(brief.seed()))
                        .map(Template.Rendered::text))
            .orElseThrow();
    return fill.with("cta", cta);
  }

  /** {@code fill} with the slots of one key point. */
  static Template.Fill withKeyPoint(Template.Fill fill, String keyPoint) {
    return fill.with("benefit", keyPoint).with("benefit_lc", midSentence(keyPoint));
  }

  /**
   * The key point as it reads inside a sentence: "Waterproof lining" becomes "waterproof lining".
   */
  static String midSentence(String keyPoint) {
    return PLAIN_CAPITALISED.matcher(keyPoint).find()
        ? Character.toLowerCase(keyPoint.charAt(0)) + keyPoint.substring(1)
        : keyPoint;
  }

  /** "a", "a and b", "a, b, and c". */
  static String list(List<String> items) {
    if (items.size() <= 2) {
      return String.join(" and ", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + ", and "
        + items.get(items.size() - 1);
  }

  private static void put(Map<String, String> values, String slot, Optional<String> value) {
    value.ifPresent(v -> values.put(slot, v));
  }
}
