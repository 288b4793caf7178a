package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.copy.PhraseLibrary.Section;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhraseLibraryTest {

  private static final PhraseLibrary LIBRARY = PhraseLibrary.shipped();

  @Test
  void everyGoalAndToneHasItsOwnSubjectsPreheadersAndOpenings() {
    List<String> thin = new ArrayList<>();
    for (Goal goal : Goal.values()) {
      for (Tone tone : Tone.values()) {
        if (LIBRARY.phrases(Section.SUBJECTS, goal, tone).size() < 3) {
          thin.add(goal.id() + "/" + tone.id() + " subjects");
        }
        if (LIBRARY.phrases(Section.PREHEADERS, goal, tone).isEmpty()) {
          thin.add(goal.id() + "/" + tone.id() + " preheaders");
        }
        if (LIBRARY.phrases(Section.OPENINGS, goal, tone).isEmpty()) {
          thin.add(goal.id() + "/" + tone.id() + " openings");
        }
        if (LIBRARY.phrases(Section.CLOSINGS, goal, tone).isEmpty()) {
          thin.add(goal.id() + "/" + tone.id() + " closings");
        }
      }
    }
    assertThat(thin).isEmpty();
  }

  @Test
  void noPatternUsesAPhraseSpamFiltersScore() {
    List<String> spammy = new ArrayList<>();
    for (Section section : Section.values()) {
      for (Goal goal : Goal.values()) {
        for (Tone tone : Tone.values()) {
          for (Template template : LIBRARY.phrases(section, goal, tone)) {
            if (!ComplianceRules.spamPhrases(template.source()).isEmpty()) {
              spammy.add(template.source());
            }
          }
        }
      }
    }
    assertThat(spammy).isEmpty();
  }

  @Test
  void otherTonesAreTheGoalsPatternsNotWrittenForTheTone() {
    List<Template> own = LIBRARY.phrases(Section.SUBJECTS, Goal.EVENT, Tone.URGENT);
    List<Template> others = LIBRARY.otherTones(Section.SUBJECTS, Goal.EVENT, Tone.URGENT);

    assertThat(others).isNotEmpty().doesNotContainAnyElementsOf(own);
    assertThat(others).extracting(Template::source).contains("You're invited: {product}");
  }

  @Test
  void rejectsALibraryWithoutASectionOrWithAnUnknownTone() {
    assertThatThrownBy(() -> PhraseLibrary.read(AgentCalls.json("{\"subjects\": []}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subjects");
    assertThatThrownBy(
            () ->
                PhraseLibrary.read(
                    AgentCalls.json(
                        "{\"subjects\": [{\"text\": \"Hi\", \"tones\": [\"grumpy\"]}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grumpy");
  }
}
