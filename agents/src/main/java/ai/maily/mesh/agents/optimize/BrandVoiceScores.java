package ai.maily.mesh.agents.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the brand-voice steps before the optimizer said of each of the copywriter's variants, and
 * how that weighs in the ranking: an option on voice (a score of 70 or more, no banned phrase)
 * keeps its expected rate; one off voice is ranked at its rate × (0.5 + 0.5 × score / 100), so a
 * variant at 60 needs a fifth more expected engagement than one on voice to win, and one at 0 twice
 * as much. The score only reorders; the rate reported stays the predicted one.
 */
final class BrandVoiceScores {

  /** What an off-voice option keeps of its rate at a score of 0. */
  static final double OFF_VOICE_FLOOR = 0.5;

  private final Map<String, Voice> byId;

  private BrandVoiceScores(Map<String, Voice> byId) {
    this.byId = Map.copyOf(byId);
  }

  /** True for a step output in the brand-voice agent's shape. */
  static boolean isBrandVoiceOutput(JsonNode output) {
    return output.path("onVoice").isBoolean() && output.path("basis").isTextual();
  }

  /** The variants' scores in these brand-voice outputs; the first output scoring an id wins. */
  static BrandVoiceScores of(List<JsonNode> outputs) {
    Map<String, Voice> byId = new HashMap<>();
    for (JsonNode output : outputs) {
      for (JsonNode variant : output.path("variants")) {
        List<String> reasons = new ArrayList<>();
        variant.path("reasons").forEach(reason -> reasons.add(reason.asText()));
        byId.putIfAbsent(
            variant.path("id").asText(),
            new Voice(variant.path("score").asInt(), variant.path("onVoice").asBoolean(), reasons));
      }
    }
    return new BrandVoiceScores(byId);
  }

  /** What brand-voice said of the variant {@code id}, if it scored it. */
  Optional<Voice> of(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Brand-voice's verdict on one variant.
   *
   * @param score 0 to 100
   * @param onVoice a score of 70 or more with no banned phrase
   * @param reasons the codes of what is off-voice in it
   */
  record Voice(int score, boolean onVoice, List<String> reasons) {

    Voice {
      reasons = List.copyOf(reasons);
    }

    /** The factor of the option's rate in the ranking: 1 on voice, less the lower off voice. */
    double factor() {
      return onVoice ? 1 : OFF_VOICE_FLOOR + (1 - OFF_VOICE_FLOOR) * score / 100.0;
    }

    /** The line the reasons show. */
    String reason() {
      return onVoice
          ? String.format(Locale.ROOT, "brand voice %d/100, on voice", score)
          : String.format(
              Locale.ROOT,
              "brand voice %d/100, off voice%s: ranked at ×%.2f of its rate",
              score,
              reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")",
              factor());
    }
  }
}
