package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.embedding.LocalModelExtension;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.SchemaConformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The compliance agent's semantic spam signal, with the real local model and shipped weights. */
@ExtendWith(LocalModelExtension.class)
class SpamSignalTest {

  private static ComplianceAgent agent;

  @BeforeAll
  static void start(EmbeddingModel model) {
    agent = new ComplianceAgent(context -> model, SpamModel.shipped());
  }

  private static JsonNode check(String from, String subject, String text) {
    ObjectNode input = AgentCalls.JSON.createObjectNode();
    input.putObject("email").put("from", from).put("subject", subject).put("text", text);
    AgentOutput output = AgentCalls.perform(agent, input);
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    return output.data().get("spam");
  }

  private static final List<String[]> SPAMMY =
      List.of(
          new String[] {
            "Claim your reward <rewards@prize-center.biz>",
            "Congratulations, you have been selected to win $5,000",
            "Dear friend, your email was chosen in our international draw. To receive your cash"
                + " prize, reply with your full name, bank account number and phone number."
                + " This offer expires in 24 hours."
          },
          new String[] {
            "Health Deals <offers@pharma-direct.info>",
            "Lose 20 pounds in 2 weeks with this miracle pill",
            "Doctors are stunned by this all natural formula. Burn fat while you sleep, no diet,"
                + " no exercise. Order your risk free bottle today, supplies are limited."
          },
          new String[] {
            "Wealth Team <team@cash-system.net>",
            "Earn $3,000 a week working from home",
            "No experience needed. Our proven system pays you every day. Join thousands of"
                + " members who quit their jobs. Act now before spots fill up."
          });

  private static final List<String[]> LEGITIMATE =
      List.of(
          new String[] {
            "Acme Outdoor <news@acme-outdoor.com>",
            "Our autumn hiking collection is here",
            "The new waterproof jackets and boots are in our stores and online. Members get free"
                + " returns for 60 days. You can unsubscribe from these emails at any time."
          },
          new String[] {
            "Northwind Software <hello@northwind.io>",
            "Webinar on Thursday: planning your Q3 campaigns",
            "Join our product team at 4 pm CET for a 45 minute session on segmentation and send"
                + " time testing. The recording will be sent to everyone who registers."
          },
          new String[] {
            "Green Leaf Bakery <orders@greenleaf.de>",
            "20% off sourdough loaves this weekend",
            "Our weekend offer runs Friday to Sunday in all three shops. Pre-order online and"
                + " collect your bread from 7 am. Thank you for baking with us."
          });

  @Test
  void givesSpammyEmailsAHigherProbabilityThanLegitimateMarketing() {
    double lowestSpammy = 1;
    for (String[] email : SPAMMY) {
      JsonNode spam = check(email[0], email[1], email[2]);
      lowestSpammy = Math.min(lowestSpammy, spam.get("probability").doubleValue());
      assertThat(spam.get("likelySpam").booleanValue()).as(email[1] + " " + spam).isTrue();
    }
    double highestLegitimate = 0;
    for (String[] email : LEGITIMATE) {
      JsonNode spam = check(email[0], email[1], email[2]);
      highestLegitimate = Math.max(highestLegitimate, spam.get("probability").doubleValue());
      assertThat(spam.get("likelySpam").booleanValue()).as(email[1] + " " + spam).isFalse();
      assertThat(spam.get("reasons")).as(email[1]).isEmpty();
    }
    assertThat(lowestSpammy).isGreaterThan(highestLegitimate);
  }

  @Test
  void explainsASpammyEmailWithItsOwnSentencesAndTheRulesThatAgree() {
    String[] email = SPAMMY.get(0);

    JsonNode spam = check(email[0], "FREE MONEY!!! " + email[1], email[2]);

    assertThat(spam.get("reasons")).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    double previous = 1;
    for (JsonNode reason : spam.get("reasons")) {
      String text = reason.get("text").asText();
      assertThat(("FREE MONEY!!! " + email[1] + "\n" + email[2]).replace('\n', ' ')).contains(text);
      double p = reason.get("probability").doubleValue();
      assertThat(p).isBetween(0.5, previous);
      previous = p;
    }
    assertThat(spam.get("agreeingRules"))
        .extracting(JsonNode::asText)
        .contains("subject-exclamation");
  }

  @Test
  void answersTheSameForTheSameEmail() {
    String[] email = SPAMMY.get(1);

    assertThat(check(email[0], email[1], email[2])).isEqualTo(check(email[0], email[1], email[2]));
  }

  @Test
  void scoresTheExampleCampaignAsLegitimate() {
    AgentOutput output = AgentCalls.perform(agent, AgentCalls.example("campaign-draft-input.json"));

    assertThat(output.data().at("/spam/likelySpam").booleanValue()).isFalse();
    assertThat(output.data().at("/spam/probability").doubleValue()).isLessThan(0.5);
    assertThat(output.summary()).isEqualTo("score 10.0/10, no findings");
  }
}
