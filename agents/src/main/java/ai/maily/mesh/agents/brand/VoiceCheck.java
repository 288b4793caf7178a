package ai.maily.mesh.agents.brand;

import ai.maily.mesh.agents.brand.VoiceReport.Fit;
import ai.maily.mesh.agents.brand.VoiceReport.Flag;
import ai.maily.mesh.agents.brand.VoiceReport.Metrics;
import ai.maily.mesh.agents.brand.VoiceReport.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Scores content against a brand, given each sentence's closest similarity to the brand's samples
 * (computed by the agent with the embedding model). Plain code: what the score means is here.
 *
 * <p>The score is 100 × the weighted mean of four fits, each 0 to 1:
 *
 * <ul>
 *   <li>similarity (weight 0.4, only with samples): the sentences' mean closest similarity to a
 *       sample, 0 at 0.1 (unrelated text) and 1 at 0.4 (this model's on-topic, on-voice sentences);
 *   <li>readability (0.2, or a third without samples): {@link BrandProfile#readabilityFit};
 *   <li>sentence length (0.2, or a third): the share of sentences within the brand's longest;
 *   <li>formality (0.2, or a third): {@link BrandProfile#formalityFit}.
 * </ul>
 *
 * Each banned phrase used costs 15 points more. A sentence is flagged for each banned phrase it
 * uses, when it is too formal or too casual for the brand, too long, or — with samples, and at
 * least six words long — when no sample comes within a similarity of 0.2 of it.
 */
public final class VoiceCheck {

  /** Below this closest similarity a sentence is far from every brand sample. */
  static final double FAR_FROM_BRAND = 0.2;

  /** Shorter sentences (greetings, sign-offs, "Click here") are never far from the brand. */
  static final int FAR_MIN_WORDS = 6;

  /** The similarity of unrelated text, where the similarity fit is 0. */
  private static final double SIMILARITY_FLOOR = 0.1;

  /** The similarity of this model's on-voice sentences, where the similarity fit is 1. */
  private static final double SIMILARITY_FULL = 0.4;

  /** Sentences this short say too little to weigh in the similarity ("Hi Anna,"). */
  private static final int SIMILARITY_MIN_WORDS = 3;

  private static final int BANNED_PENALTY = 15;
  private static final int ON_VOICE = 70;

  private VoiceCheck() {}

  /** One sentence of the content, and the part of the email it stands in. */
  public record Sentence(String part, String text) {}

  /**
   * The report for {@code sentences}.
   *
   * @param closest each sentence's closest cosine similarity to a brand sample, in the same order;
   *     empty when the brand has no samples
   * @param samples how many samples {@code closest} was computed against
   * @throws IllegalArgumentException if {@code closest} is neither empty nor one per sentence
   */
  public static VoiceReport check(
      List<Sentence> sentences,
      List<Double> closest,
      int samples,
      BrandProfile profile,
      BannedPhrases banned) {
    boolean compared = !closest.isEmpty();
    if (compared && closest.size() != sentences.size()) {
      throw new IllegalArgumentException(
          closest.size() + " similarities for " + sentences.size() + " sentences");
    }
    Readability readability = Readability.of(sentences.stream().map(Sentence::text).toList());
    List<Flag> flags = new ArrayList<>();
    int bannedUses = 0;
    int withinLength = 0;
    double formalitySum = 0;
    double similarityWeighted = 0;
    int similarityWords = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Sentence sentence = sentences.get(i);
      int words = Readability.words(sentence.text()).size();
      Formality formality = Formality.of(sentence.text());
      formalitySum += formality.score();
      List<Reason> reasons = new ArrayList<>();
      for (String phrase : banned.foundIn(sentence.text())) {
        bannedUses++;
        reasons.add(
            new Reason(
                "banned-phrase", "uses '" + phrase + "', which the brand's preferences ban"));
      }
      if (profile.tooFormal(formality)) {
        reasons.add(new Reason("too-formal", tooFormal(formality, profile)));
      }
      if (profile.tooCasual(formality)) {
        reasons.add(
            new Reason(
                "too-casual",
                "too casual for the brand, whose samples read "
                    + profile.register()
                    + ": "
                    + quoted(formality.casual())));
      }
      if (words > profile.maxSentenceWords()) {
        reasons.add(new Reason("too-long", tooLong(words, profile)));
      } else {
        withinLength++;
      }
      if (compared) {
        double similarity = closest.get(i);
        if (words >= SIMILARITY_MIN_WORDS) {
          similarityWeighted += similarity * words;
          similarityWords += words;
        }
        if (words >= FAR_MIN_WORDS && similarity < FAR_FROM_BRAND) {
          reasons.add(
              new Reason(
                  "far-from-brand",
                  String.format(
                      Locale.ROOT,
                      "far from the brand's samples: the closest is %.2f similar, on-voice"
                          + " sentences are %.2f or more",
                      similarity,
                      FAR_FROM_BRAND)));
        }
      }
      if (!reasons.isEmpty()) {
        flags.add(new Flag(sentence.part(), sentence.text(), reasons));
      }
    }
    double meanFormality = sentences.isEmpty() ? 0 : formalitySum / sentences.size();
    OptionalDouble similarity =
        compared
            ? OptionalDouble.of(similarity(closest, similarityWeighted, similarityWords))
            : OptionalDouble.empty();
    Fit fit =
        new Fit(
            similarity.isPresent()
                ? OptionalDouble.of(
                    clamp(
                        (similarity.getAsDouble() - SIMILARITY_FLOOR)
                            / (SIMILARITY_FULL - SIMILARITY_FLOOR)))
                : OptionalDouble.empty(),
            profile.readabilityFit(readability.readingEase()),
            sentences.isEmpty() ? 1 : (double) withinLength / sentences.size(),
            profile.formalityFit(meanFormality));
    double weighted =
        fit.similarity().isPresent()
            ? 0.4 * fit.similarity().getAsDouble()
                + 0.2 * (fit.readability() + fit.sentenceLength() + fit.formality())
            : (fit.readability() + fit.sentenceLength() + fit.formality()) / 3;
    int score =
        (int) Math.max(0, Math.min(100, Math.round(100 * weighted) - BANNED_PENALTY * bannedUses));
    return new VoiceReport(
        score,
        score >= ON_VOICE && bannedUses == 0,
        compared ? samples : 0,
        profile,
        new Metrics(
            similarity,
            readability.readingEase(),
            readability.gradeLevel(),
            readability.wordsPerSentence(),
            meanFormality),
        fit,
        flags,
        banned.phrases());
  }

  /** The word-weighted mean of the longer sentences' similarities, or of all when none is long. */
  private static double similarity(List<Double> closest, double weighted, int words) {
    return words > 0
        ? weighted / words
        : closest.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  private static String tooFormal(Formality formality, BrandProfile profile) {
    return "too formal for the brand"
        + (profile.fromSamples()
            ? ", whose samples read " + profile.register()
            : ", for an email that should read plain and conversational")
        + ": "
        + quoted(formality.formal());
  }

  private static String tooLong(int words, BrandProfile profile) {
    return profile.fromSamples()
        ? String.format(
            Locale.ROOT,
            "too long: %d words; the brand's sentences average %.0f, keep them to %d",
            words,
            profile.wordsPerSentence(),
            profile.maxSentenceWords())
        : "too long: " + words + " words; keep sentences to " + profile.maxSentenceWords();
  }

  private static String quoted(List<String> cues) {
    return cues.stream().map(cue -> "'" + cue + "'").distinct().collect(Collectors.joining(", "));
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(1, value));
  }
}
