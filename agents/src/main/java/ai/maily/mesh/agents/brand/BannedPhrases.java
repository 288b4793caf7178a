package ai.maily.mesh.agents.brand;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrases a tenant banned, read from its preference memories as a marketer writes them: a
 * preference that says to avoid something ("never", "avoid", "don't use", "do not say", "no",
 * "ban", "stop using") bans each phrase it quotes — "Never write 'act now' or “limited time only”."
 * bans {@code act now} and {@code limited time only}. A preference without such a word ("We prefer
 * 'you' to 'customers'") bans nothing. Apostrophes inside words ("don't") are not quotes.
 */
public final class BannedPhrases {

  private static final Pattern AVOIDING =
      Pattern.compile(
          "(?<![\\p{L}])(?:never|avoid|avoids|avoiding|don['’]t|do not|no|ban|banned|stop using"
              + "|must not|mustn['’]t|shouldn['’]t|should not)(?![\\p{L}])",
          Pattern.CASE_INSENSITIVE);

  /**
   * A quoted phrase: an opening quote not after a letter, a closing one not before a letter, and
   * between them no quote but apostrophes inside words ("'don't miss out'").
   */
  private static final Pattern QUOTED =
      Pattern.compile(
          "(?<![\\p{L}\\p{N}])[\"'“‘«]((?:[^\"'“”‘’«»\\n]|(?<=\\p{L})['’](?=\\p{L})){1,80}?)"
              + "[\"'”’»](?![\\p{L}\\p{N}])");

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final List<String> phrases;
  private final List<Pattern> patterns;

  private BannedPhrases(List<String> phrases) {
    this.phrases = List.copyOf(phrases);
    this.patterns = phrases.stream().map(BannedPhrases::pattern).toList();
  }

  /** The phrases banned by these preferences, lower-case, each once, in the order written. */
  public static BannedPhrases fromPreferences(List<String> preferences) {
    Set<String> phrases = new LinkedHashSet<>();
    for (String preference : preferences) {
      if (AVOIDING.matcher(preference).find()) {
        Matcher quoted = QUOTED.matcher(preference);
        while (quoted.find()) {
          String phrase =
              WHITESPACE.matcher(quoted.group(1).strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
          if (!phrase.isEmpty()) {
            phrases.add(phrase);
          }
        }
      }
    }
    return new BannedPhrases(new ArrayList<>(phrases));
  }

  /** The banned phrases. */
  public List<String> phrases() {
    return phrases;
  }

  /** The banned phrases {@code sentence} holds as whole words, case and spacing aside. */
  public List<String> foundIn(String sentence) {
    List<String> found = new ArrayList<>();
    for (int i = 0; i < phrases.size(); i++) {
      if (patterns.get(i).matcher(sentence).find()) {
        found.add(phrases.get(i));
      }
    }
    return found;
  }

  private static Pattern pattern(String phrase) {
    String body = Pattern.quote(phrase).replace(" ", "\\E\\s+\\Q");
    return Pattern.compile(
        "(?<![\\p{L}\\p{N}])" + body + "(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
