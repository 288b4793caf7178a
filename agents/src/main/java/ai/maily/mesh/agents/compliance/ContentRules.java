package ai.maily.mesh.agents.compliance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The rules on the words: subject, preheader, body and the spam-filter heuristics on them. */
final class ContentRules {

  private static final Pattern REPLY_PREFIX =
      Pattern.compile("(?i)^\\s*\\[?\\s*(?:re|fwd?|aw|wg)\\s*(?:\\[\\d+]|\\(\\d+\\))?\\s*:");
  private static final Pattern WORD = Pattern.compile("\\p{L}{3,}");
  private static final Pattern EXCLAMATION_RUN = Pattern.compile("!{3,}");
  private static final Pattern ANY_WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  // Phrases that SpamAssassin rules and provider filters are known to weigh; plain marketing
  // words ("sale", "offer", "new") are left out because filters no longer score them alone.
  private static final Map<String, Pattern> SPAM_PHRASES =
      Stream.of(
              "100% free",
              "100% guaranteed",
              "100% satisfied",
              "act now",
              "apply now",
              "as seen on",
              "be your own boss",
              "cash bonus",
              "click below",
              "click here",
              "congratulations",
              "dear friend",
              "double your",
              "earn extra cash",
              "eliminate debt",
              "extra income",
              "free access",
              "free gift",
              "free money",
              "get paid",
              "increase sales",
              "limited time only",
              "lowest price",
              "make money",
              "million dollars",
              "miracle",
              "no catch",
              "no cost",
              "no credit check",
              "no obligation",
              "no strings attached",
              "once in a lifetime",
              "order now",
              "risk-free",
              "risk free",
              "this is not spam",
              "urgent",
              "winner",
              "work from home",
              "you have been selected",
              "you're a winner")
          .collect(
              Collectors.toMap(
                  phrase -> phrase,
                  phrase ->
                      Pattern.compile(
                          "(?<![\\p{L}\\p{N}])" + Pattern.quote(phrase) + "(?![\\p{L}\\p{N}])"),
                  (a, b) -> a,
                  LinkedHashMap::new));
  private static final int SUBJECT_VISIBLE = 60;
  private static final int SUBJECT_MAX = 100;

  private ContentRules() {}

  static List<Finding> check(ScannedEmail email) {
    return Stream.of(
            emptyBody(email),
            deceptiveSubjectPrefix(email.email().subject()),
            subjectLength(email.email().subject()),
            subjectAllCaps(email.email().subject()),
            bodyAllCaps(email),
            subjectExclamation(email.email().subject()),
            bodyExclamation(email),
            spamPhrases(email),
            plainTextPart(email),
            preheader(email))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<Finding> emptyBody(ScannedEmail email) {
    boolean hasImages = email.html().map(html -> !html.images().isEmpty()).orElse(false);
    if (!email.bodyText().isBlank() || hasImages) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.EMPTY_BODY,
            Severity.CRITICAL,
            "The email has no content: neither the HTML nor the plain-text part shows anything.",
            "Add the message body as HTML and as plain text."));
  }

  /** The finding of the spam phrases in {@code text} (a preheader, a body), if it uses any. */
  static List<Finding> checkText(String text) {
    List<String> found = spamPhrasesIn(text);
    return found.isEmpty() ? List.of() : List.of(spamPhrasesFinding(found));
  }

  /**
   * The findings of the rules that read only the subject line: a deceptive prefix, its length,
   * capitals, exclamation marks and spam phrases.
   */
  static List<Finding> checkSubject(String subject) {
    List<String> found = spamPhrasesIn(subject);
    Optional<Finding> phrases =
        found.isEmpty() ? Optional.empty() : Optional.of(spamPhrasesFinding(found));
    return Stream.of(
            deceptiveSubjectPrefix(subject),
            subjectLength(subject),
            subjectAllCaps(subject),
            subjectExclamation(subject),
            phrases)
        .flatMap(Optional::stream)
        .toList();
  }

  /** Every phrase spam filters score, in catalogue order. */
  static List<String> spamPhraseCatalogue() {
    return List.copyOf(SPAM_PHRASES.keySet());
  }

  /** The phrases spam filters score that occur in {@code text}, in catalogue order. */
  static List<String> spamPhrasesIn(String text) {
    String normalized = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    return SPAM_PHRASES.entrySet().stream()
        .filter(phrase -> phrase.getValue().matcher(normalized).find())
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Optional<Finding> deceptiveSubjectPrefix(String subject) {
    Matcher prefix = REPLY_PREFIX.matcher(subject);
    if (!prefix.find()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.DECEPTIVE_SUBJECT_PREFIX,
            Severity.ERROR,
            "The subject starts with \""
                + prefix.group().strip()
                + "\", pretending to continue a conversation; CAN-SPAM forbids deceptive"
                + " subject lines and filters punish them.",
            "Remove the prefix: \"" + subject.substring(prefix.end()).strip() + "\".",
            subject));
  }

  private static Optional<Finding> subjectLength(String raw) {
    String subject = raw.strip();
    int length = subject.codePointCount(0, subject.length());
    if (length == 0) {
      return Optional.of(
          Finding.of(
              Rule.SUBJECT_LENGTH,
              Severity.ERROR,
              "The subject is empty; filters score that as spam and recipients skip it.",
              "Write a subject of 30 to 60 characters that says what the email offers."));
    }
    if (length > SUBJECT_MAX) {
      return Optional.of(
          Finding.of(
              Rule.SUBJECT_LENGTH,
              Severity.WARNING,
              "The subject has " + length + " characters; every client cuts it off.",
              "Shorten it to at most " + SUBJECT_VISIBLE + " characters.",
              subject));
    }
    if (length > SUBJECT_VISIBLE) {
      return Optional.of(
          Finding.of(
              Rule.SUBJECT_LENGTH,
              Severity.INFO,
              "The subject has " + length + " characters; mobile inboxes show about 40 to 60.",
              "Put the key words first or shorten it to " + SUBJECT_VISIBLE + " characters.",
              subject));
    }
    return Optional.empty();
  }

  private static Optional<Finding> subjectAllCaps(String subject) {
    CapsCount caps = CapsCount.of(subject);
    // One capitalised word is usually an acronym ("FAQ", "NYC"); two or more is shouting.
    if (caps.capitals() < 2 || caps.ratio() < 0.3) {
      return Optional.empty();
    }
    Severity severity =
        caps.ratio() >= 0.8 && caps.words() >= 3 ? Severity.ERROR : Severity.WARNING;
    return Optional.of(
        Finding.of(
            Rule.SUBJECT_ALL_CAPS,
            severity,
            caps.capitals()
                + " of "
                + caps.words()
                + " words in the subject are in capitals,"
                + " which filters score as shouting.",
            "Use sentence case; keep capitals for acronyms.",
            caps.examples()));
  }

  private static Optional<Finding> bodyAllCaps(ScannedEmail email) {
    CapsCount caps = CapsCount.of(email.bodyText());
    // A long body carries a few acronyms and brand names; a tenth of all words is shouting.
    if (caps.capitals() < 5 || caps.ratio() < 0.1) {
      return Optional.empty();
    }
    Severity severity =
        caps.capitals() >= 10 && caps.ratio() >= 0.3 ? Severity.ERROR : Severity.WARNING;
    return Optional.of(
        Finding.of(
            Rule.BODY_ALL_CAPS,
            severity,
            String.format(
                Locale.ROOT,
                "%d of %d words in the body (%.0f%%) are in capitals, which filters score as"
                    + " shouting.",
                caps.capitals(),
                caps.words(),
                caps.ratio() * 100),
            "Use sentence case; emphasise with bold or a button instead of capitals.",
            caps.examples()));
  }

  private static Optional<Finding> subjectExclamation(String subject) {
    long marks = subject.chars().filter(c -> c == '!').count();
    if (marks < 2) {
      return Optional.empty();
    }
    Severity severity =
        marks >= 3 || EXCLAMATION_RUN.matcher(subject).find() ? Severity.ERROR : Severity.WARNING;
    return Optional.of(
        Finding.of(
            Rule.SUBJECT_EXCLAMATION,
            severity,
            "The subject has " + marks + " exclamation marks; filters score more than one.",
            "Use at most one exclamation mark, at the end.",
            subject));
  }

  private static Optional<Finding> bodyExclamation(ScannedEmail email) {
    String body = email.bodyText();
    long marks = body.chars().filter(c -> c == '!').count();
    long words = ANY_WORD.matcher(body).results().count();
    Matcher run = EXCLAMATION_RUN.matcher(body);
    boolean hasRun = run.find();
    // More than one mark per 50 words reads as hype to people and filters alike.
    boolean dense = marks >= 5 && marks * 50 > words;
    if (!hasRun && !dense) {
      return Optional.empty();
    }
    String evidence =
        hasRun ? around(body, run.start(), run.end()) : marks + " marks in " + words + " words";
    return Optional.of(
        Finding.of(
            Rule.BODY_EXCLAMATION,
            Severity.WARNING,
            hasRun
                ? "The body has a run of exclamation marks (\"!!!\"), a classic spam signal."
                : "The body has " + marks + " exclamation marks in " + words + " words.",
            "Use at most one exclamation mark per paragraph and never several in a row.",
            evidence));
  }

  private static Optional<Finding> spamPhrases(ScannedEmail email) {
    List<String> found =
        spamPhrasesIn(
            String.join(
                " ",
                email.email().subject(),
                email.email().preheader().orElse(""),
                email.bodyText()));
    return found.isEmpty() ? Optional.empty() : Optional.of(spamPhrasesFinding(found));
  }

  private static Finding spamPhrasesFinding(List<String> found) {
    return Finding.of(
        Rule.SPAM_PHRASES,
        found.size() >= 3 ? Severity.ERROR : Severity.WARNING,
        found.size() + " phrase(s) that spam filters score: " + String.join(", ", found) + ".",
        "Rephrase in concrete terms, e.g. \"Free shipping on orders over $50\" instead of"
            + " \"100% free\", or \"Offer ends Friday\" instead of \"act now\".",
        String.join(", ", found));
  }

  private static Optional<Finding> plainTextPart(ScannedEmail email) {
    if (email.html().isEmpty() || !email.textPart().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.PLAIN_TEXT_PART,
            Severity.WARNING,
            "The email is HTML only; filters score a missing plain-text alternative, and some"
                + " readers and watches show only text.",
            "Add a plain-text part with the same content and links."));
  }

  private static Optional<Finding> preheader(ScannedEmail email) {
    if (email.email().preheader().filter(p -> !p.isBlank()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.PREHEADER,
            Severity.INFO,
            "No preheader, so inboxes preview whatever text comes first, often \"View in"
                + " browser\".",
            "Add a preheader of 40 to 100 characters that complements the subject."));
  }

  private static String around(String text, int start, int end) {
    return text.substring(Math.max(0, start - 40), Math.min(text.length(), end + 10));
  }

  /** How many words of three or more letters a text has, and how many of them are in capitals. */
  private record CapsCount(int words, List<String> capitalWords) {

    static CapsCount of(String text) {
      int words = 0;
      List<String> capitalWords = new ArrayList<>();
      Matcher word = WORD.matcher(text);
      while (word.find()) {
        words++;
        if (word.group().chars().allMatch(Character::isUpperCase)) {
          capitalWords.add(word.group());
        }
      }
      return new CapsCount(words, capitalWords);
    }

    int capitals() {
      return capitalWords.size();
    }

    double ratio() {
      return words == 0 ? 0.0 : (double) capitals() / words;
    }

    String examples() {
      return String.join(" ", capitalWords.subList(0, Math.min(8, capitalWords.size())));
    }
  }
}
