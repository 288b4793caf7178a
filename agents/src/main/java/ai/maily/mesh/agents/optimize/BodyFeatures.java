package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.agents.compliance.ComplianceRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The interpretable features of a body and their effect on the share of openers who click, as
 * shifts of its log-odds. No benchmark isolates these, so the weights are our judgement, kept small
 * except where the answer is plain (ADR 0031):
 *
 * <ul>
 *   <li>no link, −1.0: an email without a link can only be clicked to unsubscribe;
 *   <li>fewer than 50 words, −0.05, more than 300, −0.10: too little to act on, or a call to action
 *       buried below the fold;
 *   <li>personalised by name, +0.03;
 *   <li>spam phrases, −0.25 per point the compliance rules deduct for them (0.5 for one or two, 1.5
 *       for three or more), as for subjects: filtered mail is not clicked.
 * </ul>
 */
final class BodyFeatures {

  static final double NO_LINK = -1.0;
  static final double SHORT = -0.05;
  static final double LONG = -0.10;
  static final double PERSONALISED = 0.03;
  static final double PER_SPAM_POINT = -0.25;

  private static final Pattern LINK = Pattern.compile("(?i)https?://|<a\\s[^>]*href");
  private static final Pattern NAME_TAG = Pattern.compile("\\{\\{\\s*[A-Za-z_.]*name\\b");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private BodyFeatures() {}

  /** The effects of a body given as text, and as HTML where there is one. */
  static List<Effect> of(String text, Optional<String> html) {
    List<Effect> effects = new ArrayList<>();
    String all = text + "\n" + html.orElse("");
    if (!LINK.matcher(all).find()) {
      effects.add(new Effect("no-link", NO_LINK, ""));
    }
    long words = WORD.matcher(SubjectFeatures.asSeen(text)).results().count();
    if (words < 50) {
      effects.add(new Effect("length", SHORT, words + " words"));
    } else if (words > 300) {
      effects.add(new Effect("length", LONG, words + " words"));
    }
    if (NAME_TAG.matcher(all).find()) {
      effects.add(new Effect("personalised", PERSONALISED, ""));
    }
    List<String> phrases = ComplianceRules.spamPhrases(SubjectFeatures.asSeen(text));
    if (!phrases.isEmpty()) {
      double points = phrases.size() >= 3 ? 1.5 : 0.5;
      effects.add(new Effect("spam-phrases", PER_SPAM_POINT * points, String.join(", ", phrases)));
    }
    return effects;
  }
}
