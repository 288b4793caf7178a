package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentRulesTest {

  private static final String PARAGRAPH =
      "Spring is here and the trails are open again. We picked five routes within an hour of the"
          + " city, from easy river walks to a full-day ridge loop. ";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "RE: Your order",
        "Re:Your order",
        "FWD: Your order",
        "Fw: hi",
        "Re[2]: hi",
        "AW: Angebot"
      })
  void flagsSubjectsPosingAsRepliesOrForwards(String subject) {
    Finding finding =
        Draft.clean().subject(subject).finding(Rule.DECEPTIVE_SUBJECT_PREFIX).orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.evidence()).contains(subject);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Reminder: your booking",
        "Free trial inside",
        "Awesome: new routes",
        "Our re: think"
      })
  void acceptsSubjectsThatMerelyStartLikeAPrefix(String subject) {
    assertThat(Draft.clean().subject(subject).finding(Rule.DECEPTIVE_SUBJECT_PREFIX)).isEmpty();
  }

  @Test
  void suggestsTheSubjectWithoutItsPrefix() {
    assertThat(Draft.clean().subject("Fwd: Spring guide").finding(Rule.DECEPTIVE_SUBJECT_PREFIX))
        .get()
        .extracting(Finding::fix)
        .isEqualTo("Remove the prefix: \"Spring guide\".");
  }

  @ParameterizedTest
  @CsvSource({"0, ERROR", "61, INFO", "100, INFO", "101, WARNING"})
  void gradesSubjectLength(int length, Severity severity) {
    assertThat(Draft.clean().subject("a".repeat(length)).finding(Rule.SUBJECT_LENGTH))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(severity);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 30, 60})
  void acceptsSubjectsThatFitAnInbox(int length) {
    assertThat(Draft.clean().subject("a".repeat(length)).finding(Rule.SUBJECT_LENGTH)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "FREE SHIPPING on all orders, WARNING",
    "HUGE SPRING SALE NOW, ERROR",
    "HUGE SPRING SALE now on, WARNING"
  })
  void flagsShoutingSubjects(String subject, Severity severity) {
    Finding finding = Draft.clean().subject(subject).finding(Rule.SUBJECT_ALL_CAPS).orElseThrow();

    assertThat(finding.severity()).isEqualTo(severity);
    assertThat(finding.evidence()).get().asString().startsWith(subject.substring(0, 4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"New FAQ for hikers", "Meet the NYC and LA team", "Spring trail guide"})
  void allowsAcronymsInSubjects(String subject) {
    assertThat(Draft.clean().subject(subject).finding(Rule.SUBJECT_ALL_CAPS)).isEmpty();
  }

  @Test
  void flagsShoutingBodyText() {
    Finding finding =
        Draft.clean()
            .htmlBody("<p>" + PARAGRAPH + "THIS WEEK ONLY: BIG SAVINGS ON EVERY TENT AND BOOT.</p>")
            .finding(Rule.BODY_ALL_CAPS)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.evidence()).get().asString().startsWith("THIS WEEK ONLY BIG SAVINGS EVERY");
  }

  @Test
  void flagsABodyMostlyInCapitalsAsError() {
    assertThat(
            Draft.clean()
                .htmlBody("<p>" + PARAGRAPH.toUpperCase(Locale.ROOT) + "</p>")
                .finding(Rule.BODY_ALL_CAPS))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.ERROR);
  }

  @Test
  void allowsAFewAcronymsInTheBody() {
    assertThat(
            Draft.clean()
                .htmlBody("<p>" + PARAGRAPH + "Ask our USA and EU teams, or read the FAQ.</p>")
                .finding(Rule.BODY_ALL_CAPS))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"Big news!!, WARNING", "Big news!!!, ERROR", "Wow! Big! News!, ERROR"})
  void flagsExclamationMarksInTheSubject(String subject, Severity severity) {
    assertThat(Draft.clean().subject(subject).finding(Rule.SUBJECT_EXCLAMATION))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(severity);
  }

  @Test
  void allowsOneExclamationMarkInTheSubject() {
    assertThat(Draft.clean().subject("Spring is here!").finding(Rule.SUBJECT_EXCLAMATION))
        .isEmpty();
  }

  @Test
  void flagsRunsOfExclamationMarksInTheBody() {
    Finding finding =
        Draft.clean()
            .htmlBody("<p>" + PARAGRAPH + "Don't miss it!!!</p>")
            .finding(Rule.BODY_EXCLAMATION)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.evidence()).get().asString().contains("Don't miss it!!!");
  }

  @Test
  void flagsDenseExclamationMarksInTheBody() {
    assertThat(
            Draft.clean()
                .htmlBody("<p>New tents! New boots! New packs! New maps! New stoves!</p>")
                .finding(Rule.BODY_EXCLAMATION))
        .get()
        .extracting(Finding::message)
        .asString()
        .contains("5 exclamation marks");
  }

  @Test
  void allowsTheOddExclamationMarkInTheBody() {
    assertThat(
            Draft.clean()
                .htmlBody("<p>" + PARAGRAPH + "See you there!</p><p>" + PARAGRAPH + "Enjoy!</p>")
                .finding(Rule.BODY_EXCLAMATION))
        .isEmpty();
  }

  @Test
  void warnsOnASpamTriggerPhrase() {
    Finding finding =
        Draft.clean()
            .htmlBody("<p>" + PARAGRAPH + "Act now, the routes fill up.</p>")
            .finding(Rule.SPAM_PHRASES)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.evidence()).contains("act now");
  }

  @Test
  void flagsManySpamTriggerPhrasesAsErrorAcrossSubjectPreheaderAndBody() {
    Finding finding =
        Draft.clean()
            .subject("You're a WINNER")
            .preheader("100% FREE gift inside")
            .htmlBody("<p>" + PARAGRAPH + "Click here to claim.</p>")
            .finding(Rule.SPAM_PHRASES)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.evidence())
        .contains("100% free, click here, free gift, winner, you're a winner");
  }

  @Test
  void matchesSpamPhrasesAsWholeWordsOnly() {
    assertThat(
            Draft.clean()
                .htmlBody(
                    "<p>"
                        + PARAGRAPH
                        + "Our award-winning winners' circle, urgently restocked.</p>")
                .finding(Rule.SPAM_PHRASES))
        .isEmpty();
  }

  @Test
  void warnsOnHtmlWithoutAPlainTextPart() {
    assertThat(Draft.clean().text(null).finding(Rule.PLAIN_TEXT_PART))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.WARNING);
    assertThat(Draft.clean().text("  ").finding(Rule.PLAIN_TEXT_PART)).isPresent();
  }

  @Test
  void acceptsPlainTextOnlyEmail() {
    assertThat(Draft.clean().html(null).check().findings()).isEmpty();
  }

  @Test
  void notesAMissingPreheader() {
    assertThat(Draft.clean().preheader(null).finding(Rule.PREHEADER))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.INFO);
  }

  @Test
  void flagsAnEmailWithNoContentAsCritical() {
    assertThat(Draft.clean().html(null).text(null).finding(Rule.EMPTY_BODY))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.CRITICAL);
    assertThat(Draft.clean().html("<html><body> </body></html>").text("").finding(Rule.EMPTY_BODY))
        .isPresent();
  }

  @Test
  void doesNotCallAnImageOnlyEmailEmpty() {
    Draft draft =
        Draft.clean().html("<img src=\"https://acme.com/a.png\" alt=\"Sale\">").text(null);

    assertThat(draft.finding(Rule.EMPTY_BODY)).isEmpty();
    assertThat(draft.finding(Rule.IMAGE_ONLY_BODY)).isPresent();
  }
}
