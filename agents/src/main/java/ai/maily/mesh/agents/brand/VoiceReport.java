package ai.maily.mesh.agents.brand;

import java.util.List;
import java.util.OptionalDouble;

/**
 * How a piece of content sounds against a brand: a score, what it is made of, and the sentences
 * that are off-voice with their reasons.
 *
 * @param score 0 to 100: 100 × the weighted fit of similarity, readability, sentence length and
 *     formality, minus 15 per banned phrase used (see {@link VoiceCheck})
 * @param onVoice true when the score is at least 70 and no banned phrase is used
 * @param samples how many brand samples (approved examples and facts) the content was compared with
 * @param profile the brand's measured style, or the general style without approved examples
 * @param metrics what was measured on the content
 * @param fit each part of the score, 0 to 1
 * @param flags the off-voice sentences, in the content's order
 * @param bannedPhrases the phrases the tenant's preferences ban, which were looked for
 */
public record VoiceReport(
    int score,
    boolean onVoice,
    int samples,
    BrandProfile profile,
    Metrics metrics,
    Fit fit,
    List<Flag> flags,
    List<String> bannedPhrases) {

  public VoiceReport {
    flags = List.copyOf(flags);
    bannedPhrases = List.copyOf(bannedPhrases);
  }

  /**
   * What was measured on the content.
   *
   * @param similarity the sentences' mean closest cosine similarity to a brand sample; empty
   *     without samples
   * @param readingEase Flesch reading ease
   * @param gradeLevel Flesch–Kincaid grade level
   * @param wordsPerSentence average sentence length
   * @param formality mean formality of the sentences, -1 (casual) to 1 (formal)
   */
  public record Metrics(
      OptionalDouble similarity,
      double readingEase,
      double gradeLevel,
      double wordsPerSentence,
      double formality) {}

  /** Each part of the score, 0 to 1; {@code similarity} is empty without samples. */
  public record Fit(
      OptionalDouble similarity, double readability, double sentenceLength, double formality) {}

  /**
   * An off-voice sentence.
   *
   * @param part where it stands: {@code subject}, {@code preheader} or {@code body}
   */
  public record Flag(String part, String sentence, List<Reason> reasons) {

    public Flag {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * Why a sentence is off-voice.
   *
   * @param code {@code banned-phrase}, {@code too-formal}, {@code too-casual}, {@code too-long} or
   *     {@code far-from-brand}
   * @param message the reason in words, with its evidence
   */
  public record Reason(String code, String message) {}
}
