package ai.maily.mesh.agents.brand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the text of an email into sentences, as a reader would count them.
 *
 * <p>Lines first: a blank line always ends a sentence, and so does a line break after a line that
 * ends in punctuation, after a short line (a greeting, a heading, a sign-off) or before a bullet;
 * other line breaks are hard wraps inside a sentence. Then within a line: a sentence ends at {@code
 * .}, {@code !}, {@code ?} or {@code …} (and closing quotes or brackets) followed by white space
 * and a capital letter, a digit or an opening quote — but not after a common abbreviation ("Dr.",
 * "e.g.") or an initial ("J. Smith"). Bullet markers are dropped; pieces with no letter or digit
 * ("---") are not sentences.
 */
public final class Sentences {

  /** A line shorter than this ends its sentence even without punctuation: "Hi Anna," "Cheers". */
  private static final int SHORT_LINE = 40;

  private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•·‣▪–—]|\\d{1,2}[.)])\\s+");
  private static final Pattern LINE_END = Pattern.compile("[.!?…:;,\"'”’)\\]]\\s*$");
  private static final Pattern END =
      Pattern.compile("[.!?…]+[\"'”’)\\]]*(?=\\s+[\\p{Lu}\\p{N}\"'“‘(\\[])");
  private static final Pattern LAST_TOKEN = Pattern.compile("([\\p{L}.]+)$");
  private static final Pattern LETTER_OR_DIGIT = Pattern.compile("[\\p{L}\\p{N}]");
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "inc", "ltd", "co", "corp", "vs",
          "etc", "e.g", "i.e", "approx", "no", "nr", "fig", "dept", "est", "jan", "feb", "mar",
          "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed",
          "thu", "fri", "sat", "sun", "u.s", "a.m", "p.m");

  private Sentences() {}

  /** The sentences of {@code text}, in order, trimmed. */
  public static List<String> split(String text) {
    List<String> sentences = new ArrayList<>();
    for (String unit : units(text)) {
      splitLine(unit, sentences);
    }
    return sentences;
  }

  /** The text's lines joined into units that end only where a sentence must end. */
  private static List<String> units(String text) {
    List<String> units = new ArrayList<>();
    StringBuilder unit = new StringBuilder();
    for (String raw : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
      String line = raw.strip();
      boolean bullet = BULLET.matcher(line).find();
      if (line.isEmpty() || bullet) {
        flush(unit, units);
      }
      if (line.isEmpty()) {
        continue;
      }
      if (unit.length() > 0) {
        unit.append(' ');
      }
      unit.append(bullet ? BULLET.matcher(line).replaceFirst("") : line);
      if (LINE_END.matcher(line).find() || line.length() < SHORT_LINE) {
        flush(unit, units);
      }
    }
    flush(unit, units);
    return units;
  }

  private static void flush(StringBuilder unit, List<String> units) {
    if (unit.length() > 0) {
      units.add(unit.toString());
      unit.setLength(0);
    }
  }

  private static void splitLine(String line, List<String> sentences) {
    int start = 0;
    Matcher end = END.matcher(line);
    while (end.find()) {
      if (line.charAt(end.start()) == '.' && beforeIsAbbreviation(line, start, end.start())) {
        continue;
      }
      add(line.substring(start, end.end()), sentences);
      start = end.end();
    }
    add(line.substring(start), sentences);
  }

  /** Whether the token before the period at {@code dot} is an abbreviation or an initial. */
  private static boolean beforeIsAbbreviation(String line, int from, int dot) {
    Matcher token = LAST_TOKEN.matcher(line.substring(from, dot));
    if (!token.find()) {
      return false;
    }
    String word = token.group(1);
    return (word.length() == 1 && Character.isUpperCase(word.charAt(0)))
        || ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT));
  }

  private static void add(String piece, List<String> sentences) {
    String sentence = piece.strip();
    if (LETTER_OR_DIGIT.matcher(sentence).find()) {
      sentences.add(sentence);
    }
  }
}
