package ai.maily.mesh.agents.brand;

import java.util.ArrayList;
import java.util.List;

/**
 * What a brand's writing is like — how easy to read, how long its sentences, how formal — measured
 * on its approved examples; or, for a tenant without any, the general style of a good marketing
 * email: plain English (reading ease 60–80), sentences of about 15 words and none over 25, a
 * conversational register that is never stiff.
 *
 * @param readingEase the samples' Flesch reading ease
 * @param wordsPerSentence the samples' average sentence length in words
 * @param formality the mean {@link Formality#score} of the samples' sentences, -1 to 1
 * @param fromSamples whether the figures were measured on samples (else they are the defaults)
 */
public record BrandProfile(
    double readingEase, double wordsPerSentence, double formality, boolean fromSamples) {

  /** The general style, for a tenant without approved examples. */
  public static final BrandProfile GENERAL = new BrandProfile(70, 15, 0, false);

  /** Sentences longer than this are too long for any brand: plain-language guides cap at 25. */
  static final int LONG_SENTENCE_WORDS = 25;

  /**
   * How far a sentence's formality may lie beyond the brand's before it is off-voice: one formal
   * cue alone (0.5) in a neutral brand's text is flagged, one formal cue among casual ones is not.
   */
  static final double REGISTER_MARGIN = 0.4;

  /** Reading ease within this distance of the samples' counts as the brand's. */
  private static final double EASE_TOLERANCE = 10;

  /** Beyond the band, the readability fit falls to 0 over this many points. */
  private static final double EASE_FALLOFF = 30;

  /** The profile of these approved examples; {@link #GENERAL} when they hold no sentence. */
  public static BrandProfile of(List<String> samples) {
    List<String> sentences = new ArrayList<>();
    samples.forEach(sample -> sentences.addAll(Sentences.split(sample)));
    Readability readability = Readability.of(sentences);
    if (readability.words() == 0) {
      return GENERAL;
    }
    double formality =
        sentences.stream().mapToDouble(s -> Formality.of(s).score()).average().orElse(0);
    return new BrandProfile(
        readability.readingEase(), readability.wordsPerSentence(), formality, true);
  }

  /** The most words a sentence of this brand should have: 25, or 1.5 times a wordier brand's. */
  public int maxSentenceWords() {
    return Math.max(LONG_SENTENCE_WORDS, (int) Math.ceil(1.5 * wordsPerSentence));
  }

  /**
   * From 0 to 1, how well {@code ease} fits the brand: 1 within 10 points of the samples' reading
   * ease (60–80 without samples), falling to 0 thirty points beyond.
   */
  public double readabilityFit(double ease) {
    double low = fromSamples ? readingEase - EASE_TOLERANCE : 60;
    double high = fromSamples ? readingEase + EASE_TOLERANCE : 80;
    double outside = ease < low ? low - ease : Math.max(0, ease - high);
    return Math.max(0, 1 - outside / EASE_FALLOFF);
  }

  /**
   * From 0 to 1, how well a text's mean formality fits: 1 minus the distance to the samples';
   * without samples only formality above neutral costs, since a conversational email is fine.
   */
  public double formalityFit(double textFormality) {
    double distance =
        fromSamples ? Math.abs(textFormality - formality) : Math.max(0, textFormality - formality);
    return Math.max(0, 1 - distance);
  }

  /** Whether a sentence with these cues is too formal for the brand. */
  public boolean tooFormal(Formality sentence) {
    return !sentence.formal().isEmpty() && sentence.score() > formality + REGISTER_MARGIN;
  }

  /**
   * Whether a sentence with these cues is too casual for the brand; never without samples, since
   * nothing says the brand is formal.
   */
  public boolean tooCasual(Formality sentence) {
    return fromSamples
        && !sentence.casual().isEmpty()
        && sentence.score() < formality - REGISTER_MARGIN;
  }

  /** How the brand's register reads in words: formal, neutral or casual. */
  public String register() {
    return formality > 0.2 ? "formal" : formality < -0.2 ? "casual" : "neutral";
  }
}
