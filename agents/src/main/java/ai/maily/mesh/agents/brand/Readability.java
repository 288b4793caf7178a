package ai.maily.mesh.agents.brand;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How easy a text is to read, by Flesch's formulas over its sentences, words and syllables.
 *
 * <p>Reading ease = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words): about
 * 90–100 for very easy text, 60–70 for plain English, below 30 for graduate prose; it has no fixed
 * bounds. Grade level (Flesch–Kincaid) = 0.39 × (words / sentences) + 11.8 × (syllables / words) −
 * 15.59.
 *
 * @param sentences how many sentences
 * @param words how many words (letters or digits, with inner apostrophes and hyphens)
 * @param syllables how many syllables, by {@link Syllables}
 */
public record Readability(int sentences, int words, int syllables) {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*");

  /** The readability of these sentences. */
  public static Readability of(List<String> sentences) {
    int words = 0;
    int syllables = 0;
    int counted = 0;
    for (String sentence : sentences) {
      List<String> inSentence = words(sentence);
      if (!inSentence.isEmpty()) {
        counted++;
        words += inSentence.size();
        syllables += inSentence.stream().mapToInt(Syllables::count).sum();
      }
    }
    return new Readability(counted, words, syllables);
  }

  /** The words of {@code text}, in order. */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher word = WORD.matcher(text);
    while (word.find()) {
      words.add(word.group());
    }
    return words;
  }

  /** Flesch reading ease; 0 for a text without words. */
  public double readingEase() {
    return words == 0
        ? 0
        : 206.835 - 1.015 * wordsPerSentence() - 84.6 * ((double) syllables / words);
  }

  /** Flesch–Kincaid grade level; 0 for a text without words. */
  public double gradeLevel() {
    return words == 0 ? 0 : 0.39 * wordsPerSentence() + 11.8 * ((double) syllables / words) - 15.59;
  }

  /** Average words per sentence; 0 for a text without words. */
  public double wordsPerSentence() {
    return sentences == 0 ? 0 : (double) words / sentences;
  }
}
