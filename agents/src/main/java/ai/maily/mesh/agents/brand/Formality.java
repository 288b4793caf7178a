package ai.maily.mesh.agents.brand;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The register of one sentence, from cues a reader notices: formal ones (legal and bureaucratic
 * phrases such as "pursuant to", "please be advised", "utilize", "shall") and casual ones
 * (contractions, "hey", "awesome", "grab", an exclamation mark, emoji).
 *
 * @param formal the formal cues found, as written, in order
 * @param casual the casual cues found, in order
 */
public record Formality(List<String> formal, List<String> casual) {

  private static final Pattern FORMAL =
      words(
          "hereby",
          "herein",
          "herewith",
          "hereto",
          "thereof",
          "therein",
          "thereby",
          "whereas",
          "pursuant to",
          "in accordance with",
          "aforementioned",
          "henceforth",
          "notwithstanding",
          "forthwith",
          "we regret to inform",
          "please be advised",
          "be advised",
          "kindly",
          "valued customer",
          "dear sir",
          "madam",
          "esteemed",
          "utilize",
          "utilise",
          "commence",
          "commencement",
          "endeavor",
          "endeavour",
          "facilitate",
          "subsequently",
          "furthermore",
          "moreover",
          "accordingly",
          "prior to",
          "with regard to",
          "with respect to",
          "at your earliest convenience",
          "do not hesitate to",
          "we wish to inform",
          "shall",
          "requisite",
          "remittance",
          "enclosed please find",
          "it is recommended that",
          "it should be noted");

  private static final Pattern CASUAL =
      words(
          "hey",
          "hiya",
          "yay",
          "wow",
          "awesome",
          "super",
          "stoked",
          "folks",
          "grab",
          "check out",
          "gonna",
          "wanna",
          "kinda",
          "yeah",
          "totally",
          "psst",
          "oops",
          "btw",
          "lol");

  private static final Pattern CONTRACTION =
      Pattern.compile(
          "(?i)\\b(?:\\p{L}+['’](?:re|ve|ll|m|d)|\\p{L}+n['’]t"
              + "|(?:it|that|what|here|there|let|who|he|she)['’]s)\\b");

  private static final Pattern EXCLAMATION = Pattern.compile("!+");

  /** Pictographs and symbols that emoji keyboards insert. */
  private static final Pattern EMOJI =
      Pattern.compile("[\\x{1F300}-\\x{1FAFF}\\x{2600}-\\x{27BF}\\x{1F1E6}-\\x{1F1FF}]");

  public Formality {
    formal = List.copyOf(formal);
    casual = List.copyOf(casual);
  }

  /** The cues of {@code sentence}. */
  public static Formality of(String sentence) {
    List<String> casual = new ArrayList<>(found(CASUAL, sentence));
    casual.addAll(found(CONTRACTION, sentence));
    if (EXCLAMATION.matcher(sentence).find()) {
      casual.add("!");
    }
    casual.addAll(found(EMOJI, sentence));
    return new Formality(found(FORMAL, sentence), casual);
  }

  /**
   * From -1 (casual) to 1 (formal): (formal − casual) / (formal + casual + 1); 0 without cues, 0.5
   * for one formal cue alone, -0.5 for one casual cue alone.
   */
  public double score() {
    return (double) (formal.size() - casual.size()) / (formal.size() + casual.size() + 1);
  }

  private static List<String> found(Pattern pattern, String text) {
    List<String> cues = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      cues.add(matcher.group());
    }
    return cues;
  }

  private static Pattern words(String... phrases) {
    StringBuilder alternatives = new StringBuilder();
    for (String phrase : phrases) {
      if (alternatives.length() > 0) {
        alternatives.append('|');
      }
      alternatives.append(Pattern.quote(phrase).replace(" ", "\\E\\s+\\Q"));
    }
    return Pattern.compile(
        "(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }
}
