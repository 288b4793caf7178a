package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.embedding.LocalModelExtension;
import ai.maily.mesh.core.agent.AgentFailure;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local composer with the real local model and the shipped library. */
@ExtendWith(LocalModelExtension.class)
class LocalComposerTest {

  private static LocalComposer composer;

  @BeforeAll
  static void start(EmbeddingModel model) {
    composer = new LocalComposer(context -> model);
  }

  /** A full brief for boots, in {@code goal} and {@code tone}, with a first-name field. */
  private static ObjectNode boots(String goal, String tone) {
    return (ObjectNode)
        AgentCalls.json(
            """
            {"brief": {"goal": "%s", "tone": "%s", "product": "Trailhead 2 hiking boots",
               "brand": "Acme Outdoor", "audience": "hikers in Colorado",
               "keyPoints": ["Waterproof Gore-Tex lining", "30%% lighter than the original",
                             "Free returns for 60 days"],
               "offer": "20%% off", "deadline": "Sunday", "date": "Saturday, May 10",
               "place": "our Denver store", "url": "https://acme.com/trailhead", "seed": 11},
             "audience": {"fields": ["first_name", "city"]}}
            """
                .formatted(goal, tone));
  }

  private static Copy write(ObjectNode taskInput) {
    return composer
        .write(CopyBrief.from(AgentCalls.request(taskInput)), null)
        .toCompletableFuture()
        .join();
  }

  private static List<String> texts(List<CopyVariant> variants) {
    return variants.stream().map(CopyVariant::text).toList();
  }

  @Test
  void theSameBriefAndSeedWriteTheSameCopy() {
    assertThat(write(boots("launch", "friendly"))).isEqualTo(write(boots("launch", "friendly")));
  }

  @Test
  void otherSeedsWriteOtherCopy() {
    Set<Copy> copies = new HashSet<>();
    for (int seed = 1; seed <= 4; seed++) {
      ObjectNode input = boots("promotion", "playful");
      ((ObjectNode) input.get("brief")).put("seed", seed);
      copies.add(write(input));
    }
    assertThat(copies).hasSizeGreaterThan(1);
  }

  @Test
  void everyGoalAndToneGetsFiveSubjectsPreheadersAndBodiesFromAFullBrief() {
    List<String> short_ = new ArrayList<>();
    for (Goal goal : Goal.values()) {
      for (Tone tone : Tone.values()) {
        Copy copy = write(boots(goal.id(), tone.id()));
        if (copy.subjects().size() != 5
            || copy.preheaders().size() != 5
            || copy.bodies().size() != 5) {
          short_.add(goal.id() + "/" + tone.id() + ": " + copy);
        }
      }
    }
    assertThat(short_).isEmpty();
  }

  @Test
  void everyGoalAndToneGetsThreeSubjectsFromABriefWithOnlyAGoalAndAProduct() {
    List<String> short_ = new ArrayList<>();
    for (Goal goal : Goal.values()) {
      for (Tone tone : Tone.values()) {
        ObjectNode input =
            (ObjectNode)
                AgentCalls.json(
                    "{\"brief\": {\"goal\": \"%s\", \"tone\": \"%s\", \"product\": \"Spring Trail Day\"}}"
                        .formatted(goal.id(), tone.id()));
        Copy copy = write(input);
        if (copy.subjects().size() < 3 || copy.bodies().isEmpty()) {
          short_.add(goal.id() + "/" + tone.id() + ": " + texts(copy.subjects()));
        }
      }
    }
    assertThat(short_).isEmpty();
  }

  @Test
  void subjectsPassTheComplianceRulesOnSubjectsAndNoTextUsesASpamPhrase() {
    for (Goal goal : Goal.values()) {
      Copy copy = write(boots(goal.id(), "urgent"));
      for (CopyVariant subject : copy.subjects()) {
        String seen = subject.text().replaceAll("\\{\\{ \\w+ \\| default: \"([^\"]*)\" }}", "$1");
        assertThat(ComplianceRules.checkSubject(seen)).as(seen).isEmpty();
        assertThat(seen.length()).as(seen).isLessThanOrEqualTo(60);
      }
      for (CopyVariant variant : copy.preheaders()) {
        assertThat(ComplianceRules.spamPhrases(variant.text())).as(variant.text()).isEmpty();
        assertThat(variant.text().length()).as(variant.text()).isBetween(30, 100);
      }
      for (CopyVariant body : copy.bodies()) {
        assertThat(ComplianceRules.spamPhrases(body.text())).as(body.text()).isEmpty();
      }
    }
  }

  @Test
  void variantsComeFromDifferentPatternsNotOnePatternFilledWithEachKeyPoint() {
    ObjectNode input = boots("newsletter", "professional");

    List<String> skeletons =
        write(input).subjects().stream()
            .map(
                subject ->
                    subject
                        .text()
                        .toLowerCase(Locale.ROOT)
                        .replace("waterproof gore-tex lining", "{k}")
                        .replace("30% lighter than the original", "{k}")
                        .replace("free returns for 60 days", "{k}"))
            .toList();

    assertThat(skeletons).doesNotHaveDuplicates();
  }

  @Test
  void scoresAreRelevancesToTheBriefBetweenZeroAndOne() {
    Copy copy = write(boots("launch", "professional"));

    assertThat(copy.subjects())
        .allSatisfy(
            subject -> {
              assertThat(subject.score()).isBetween(0.0, 1.0);
              assertThat(subject.source()).isEqualTo("local");
              assertThat(subject.flags()).isEmpty();
            });
    // A subject that names the product and a key point is closer to the brief than one that
    // names only the product.
    assertThat(copy.subjects().get(0).score()).isGreaterThan(0.5);
  }

  @Test
  void bodiesGreetByMergeTagListTheKeyPointsAndLinkTheCallToAction() {
    Copy copy = write(boots("launch", "friendly"));

    assertThat(copy.bodies())
        .allSatisfy(
            body -> {
              assertThat(body.text())
                  .contains("https://acme.com/trailhead", "The Acme Outdoor team");
              assertThat(body.html().orElseThrow())
                  .contains("<a href=\"https://acme.com/trailhead\">", "<li>");
            });
    assertThat(copy.bodies()).anySatisfy(body -> assertThat(body.text()).contains("{{ first_name"));
  }

  @Test
  void weighsTheDraftBesideTheVariantsAndFlagsWhatBreaksTheRules() {
    ObjectNode input = boots("promotion", "friendly");
    input
        .putObject("email")
        .put("from", "deals@acme.com")
        .put("subject", "FREE GIFT!!! Act now")
        .put("preheader", "Click here for your free gift")
        .put("text", "Act now, this is a once in a lifetime deal on our boots.");

    Copy copy = write(input);

    CopyVariant draftSubject = copy.subjects().get(copy.subjects().size() - 1);
    assertThat(draftSubject.id()).isEqualTo("s-draft");
    assertThat(draftSubject.source()).isEqualTo("draft");
    assertThat(draftSubject.text()).isEqualTo("FREE GIFT!!! Act now");
    assertThat(draftSubject.flags())
        .contains("subject-all-caps", "subject-exclamation", "spam-phrases");
    assertThat(copy.preheaders().get(copy.preheaders().size() - 1).flags())
        .containsExactly("spam-phrases");
    assertThat(copy.bodies().get(copy.bodies().size() - 1).flags()).containsExactly("spam-phrases");
    assertThat(copy.subjects().subList(0, 5)).allSatisfy(s -> assertThat(s.flags()).isEmpty());
  }

  @Test
  void failsClearlyWhenTheProductItselfIsASpamPhrase() {
    ObjectNode input =
        (ObjectNode)
            AgentCalls.json(
                "{\"brief\": {\"goal\": \"launch\", \"product\": \"the Free Money Club\"}}");

    assertThatThrownBy(() -> write(input))
        .isInstanceOfSatisfying(
            AgentFailure.class,
            failure -> {
              assertThat(failure.retryable()).isFalse();
              assertThat(failure.getMessage()).contains("free money");
            });
  }
}
