package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentencesTest {

  @Test
  void splitsAtEndPunctuationBeforeACapital() {
    assertThat(Sentences.split("Our beans are here. Grab a bag! Want a sample? Just ask."))
        .containsExactly("Our beans are here.", "Grab a bag!", "Want a sample?", "Just ask.");
  }

  @Test
  void keepsAbbreviationsInitialsAndNumbersInsideTheSentence() {
    assertThat(
            Sentences.split(
                "Dr. Lee and J. R. Smith roast at 7 a.m. on weekdays, e.g. Mon. and Tue. Bags"
                    + " cost $14.50 each. Ship to the U.S. only."))
        .containsExactly(
            "Dr. Lee and J. R. Smith roast at 7 a.m. on weekdays, e.g. Mon. and Tue. Bags cost"
                + " $14.50 each.",
            "Ship to the U.S. only.");
  }

  @Test
  void doesNotSplitBeforeALowerCaseWord() {
    assertThat(Sentences.split("We ship in 3 days. or so they say."))
        .containsExactly("We ship in 3 days. or so they say.");
  }

  @Test
  void keepsClosingQuotesAndRunsOfMarksWithTheirSentence() {
    assertThat(Sentences.split("She said \"It's the best cup yet!\" Then she left?! Wow…  Really."))
        .containsExactly(
            "She said \"It's the best cup yet!\"", "Then she left?!", "Wow…", "Really.");
  }

  @Test
  void endsSentencesAtParagraphsGreetingsAndBullets() {
    String email =
        """
        Hi Anna,

        Our Winter Blend is back
        - dark chocolate notes
        - toasted hazelnut finish

        Cheers
        The Beanstalk team""";

    assertThat(Sentences.split(email))
        .containsExactly(
            "Hi Anna,",
            "Our Winter Blend is back",
            "dark chocolate notes",
            "toasted hazelnut finish",
            "Cheers",
            "The Beanstalk team");
  }

  @Test
  void joinsHardWrappedLinesOfOneSentence() {
    String wrapped =
        "We roasted a small batch of our Ethiopia Guji this morning and it\n"
            + "tastes bright, juicy and a little floral. Grab a bag before it is\n"
            + "gone.";

    assertThat(Sentences.split(wrapped))
        .containsExactly(
            "We roasted a small batch of our Ethiopia Guji this morning and it tastes bright,"
                + " juicy and a little floral.",
            "Grab a bag before it is gone.");
  }

  @Test
  void dropsPiecesWithoutWordsAndNumberedMarkers() {
    assertThat(Sentences.split("1. Grind fresh.\n2) Use 60 g per litre.\n---\n\n   \n* * *"))
        .containsExactly("Grind fresh.", "Use 60 g per litre.");
  }

  @Test
  void answersNothingForEmptyText() {
    assertThat(Sentences.split("")).isEmpty();
    assertThat(Sentences.split(" \n\n ")).isEmpty();
  }
}
