package ai.maily.mesh.agents.brand;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the syllables of an English word the way readability formulas do: by vowel groups, with
 * the usual corrections — a silent final {@code e} (but "table"), silent {@code -es} and {@code
 * -ed} ("makes", "jumped"; not "boxes", "wanted"), a leading {@code y} as a consonant, and {@code
 * ia}/{@code io} as two syllables except in {@code -cia-}, {@code -tio-} and the like
 * ("Australian", "radio"; not "special", "nation") — and a few frequent words that the rules miss.
 * Estimates, as every Flesch implementation's are; a number counts as one syllable.
 */
public final class Syllables {

  private static final Map<String, Integer> EXCEPTIONS =
      Map.ofEntries(
          Map.entry("anyone", 3),
          Map.entry("area", 3),
          Map.entry("being", 2),
          Map.entry("business", 2),
          Map.entry("create", 2),
          Map.entry("hundred", 2),
          Map.entry("idea", 3),
          Map.entry("maybe", 2),
          Map.entry("people", 2),
          Map.entry("poem", 2),
          Map.entry("quiet", 2),
          Map.entry("recipe", 3),
          Map.entry("science", 2),
          Map.entry("video", 3));

  private static final Pattern VOWEL_GROUP = Pattern.compile("[aeiouy]+");
  private static final Pattern SPLIT_DIPHTHONG = Pattern.compile("(?<![cgstx])i[ao]");

  private Syllables() {}

  /** The syllables of {@code word} (letters, apostrophes, hyphens); at least 1. */
  public static int count(String word) {
    int total = 0;
    for (String part : word.split("-")) {
      total += countPart(part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ""));
    }
    return Math.max(1, total);
  }

  private static int countPart(String word) {
    if (word.isEmpty()) {
      return 0;
    }
    if (!Character.isLetter(word.charAt(0)) || EXCEPTIONS.containsKey(word)) {
      return EXCEPTIONS.getOrDefault(word, 1);
    }
    if (word.length() <= 3) {
      return 1;
    }
    String stem = silentEndingRemoved(word);
    if (stem.startsWith("y")) {
      stem = stem.substring(1);
    }
    int groups = 0;
    Matcher vowels = VOWEL_GROUP.matcher(stem);
    while (vowels.find()) {
      groups++;
    }
    Matcher split = SPLIT_DIPHTHONG.matcher(stem);
    while (split.find()) {
      groups++;
    }
    return Math.max(1, groups);
  }

  private static String silentEndingRemoved(String word) {
    if (word.endsWith("ed") && !word.matches(".*[td]ed")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("es") && !word.matches(".*(?:[sxzgc]|ch|sh|[^aeiouy]l)es")) {
      return word.substring(0, word.length() - 2);
    }
    if (word.endsWith("e") && !word.matches(".*[^aeiouy]le")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }
}
