package ai.maily.mesh.agents.optimize;

import static ai.maily.mesh.agents.AgentCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.SchemaConformance;
import ai.maily.mesh.core.predict.Audience;
import ai.maily.mesh.core.predict.EmailContent;
import ai.maily.mesh.core.predict.EngagementForecast;
import ai.maily.mesh.core.predict.EngagementPredictions;
import ai.maily.mesh.core.predict.HourOfWeek;
import ai.maily.mesh.core.predict.RateEstimate;
import ai.maily.mesh.core.predict.SendTimeForecast;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code optimizer} agent on the step inputs the campaign-draft playbook will give it. The
 * context's clock stands at 2025-01-01T00:00Z (a Wednesday; Tuesday 17:00 in Denver).
 */
class OptimizerAgentTest {

  private static final OptimizerAgent PRIORS_ONLY = new OptimizerAgent(context -> Optional.empty());

  /** A copywriter's answer: four written subjects and the marketer's spammy draft. */
  private static final String COPY =
      """
      {"generator": "local", "goal": "promotion", "tone": "friendly", "seed": 3,
       "subjects": [
         {"id": "s1", "text": "Trailhead 2 hiking boots: free returns for 60 days", "score": 0.741,
          "source": "local", "flags": []},
         {"id": "s2", "text": "{{ first_name | default: \\"Hi\\" }}, here's 20% off on Trailhead 2",
          "score": 0.645, "source": "local", "flags": []},
         {"id": "s3", "text": "Only until Sunday: 20% off on Trailhead 2 hiking boots",
          "score": 0.714, "source": "local", "flags": []},
         {"id": "s4", "text": "A friendly reminder about Trailhead 2 hiking boots",
          "score": 0.6, "source": "local", "flags": []},
         {"id": "s-draft", "text": "FREE GIFT!!! Act now", "score": 0.2, "source": "draft",
          "flags": ["subject-all-caps", "subject-exclamation", "spam-phrases"]}],
       "preheaders": [
         {"id": "p1", "text": "Take 20% off on Trailhead 2 hiking boots, through Sunday.",
          "score": 0.67, "source": "local", "flags": []},
         {"id": "p-draft", "text": "Click here for your free gift", "score": 0.3,
          "source": "draft", "flags": ["spam-phrases"]}],
       "bodies": [
         {"id": "b1", "text": "Hi there,\\n\\nYou can now get 20% off on Trailhead 2 hiking boots, through Sunday. They are waterproof, 30% lighter than the original, and come with free returns for 60 days, so there is no risk in trying them on the trail this spring.\\n\\nShop the offer: https://acme.com/trailhead\\n\\nKind regards,\\nThe Acme Outdoor team",
          "html": "<p>Hi there,</p><p><a href=\\"https://acme.com/trailhead\\">Shop the offer</a></p>",
          "score": 0.83, "source": "local", "flags": []},
         {"id": "b2", "text": "Hi there, get 20% off on Trailhead 2 hiking boots.", "score": 0.8,
          "source": "local", "flags": []},
         {"id": "b-draft", "text": "Act now, this is a once in a lifetime deal. Click here.",
          "score": 0.3, "source": "draft", "flags": ["spam-phrases"]}]}
      """;

  /** What compliance said about the draft. */
  private static final String COMPLIANCE =
      """
      {"score": 3.5, "passed": false,
       "findings": [
         {"rule": "subject-exclamation", "severity": "error", "message": "m", "fix": "f",
          "evidence": "FREE GIFT!!! Act now"},
         {"rule": "spam-phrases", "severity": "warning", "message": "m", "fix": "f",
          "evidence": "act now, click here, free gift, once in a lifetime"},
         {"rule": "list-unsubscribe-header", "severity": "error", "message": "m", "fix": "f"}],
       "spam": {"probability": 0.91, "likelySpam": true,
                "reasons": [{"text": "FREE GIFT!!! Act now", "probability": 0.95}],
                "agreeingRules": ["spam-phrases"]}}
      """;

  private static ObjectNode step(String taskInput, Map<String, String> deps) {
    ObjectNode step = AgentCalls.JSON.createObjectNode();
    step.set("input", json(taskInput));
    ObjectNode depsNode = step.putObject("deps");
    deps.forEach((id, output) -> depsNode.set(id, json(output)));
    return step;
  }

  private static JsonNode perform(OptimizerAgent agent, ObjectNode step) {
    AgentOutput output = AgentCalls.performStep(agent, step);
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    assertThat(output.summary()).isNotBlank();
    return output.data();
  }

  @Test
  void choosesFromPriorsTheSubjectWithTheBestExpectedOpenRate() {
    JsonNode data = perform(PRIORS_ONLY, step("{}", Map.of("copy", COPY, "check", COMPLIANCE)));

    assertThat(data.get("source").asText()).isEqualTo("priors");
    // Log-odds over the benchmark: s2 personalised and a number, +0.11; s3 urgency and a number
    // but 54 characters, +0.05; s1 a number, +0.03; s4 "reminder", −0.05; the draft's spam
    // triggers, and compliance flagged it.
    assertThat(data.at("/subject/id").asText()).isEqualTo("s2");
    assertThat(data.get("subjects").findValuesAsText("id"))
        .containsExactly("s2", "s3", "s1", "s4", "s-draft");
    assertThat(data.at("/subject/reasons").toString())
        .contains("personalised (first_name): odds ×1.08", "number: odds ×1.03");
    JsonNode open = data.at("/expected/open");
    assertThat(open.get("low").asDouble())
        .isLessThan(open.get("expected").asDouble())
        .isGreaterThan(0.05);
    assertThat(open.get("high").asDouble()).isGreaterThan(open.get("expected").asDouble());
    assertThat(open.get("level").asDouble()).isEqualTo(0.9);
    assertThat(data.at("/prior/industry").asText()).isEqualTo("all");
  }

  @Test
  void answersTheChosenContentAsTheEmailToSendInTheDraftsFrame() {
    String draft =
        """
        {"email": {"from": "Acme Outdoor <news@acme.com>", "replyTo": "help@acme.com",
                   "subject": "FREE GIFT!!! Act now", "preheader": "Click here for your free gift",
                   "text": "Act now, this is a once in a lifetime deal. Click here.",
                   "headers": {"List-Unsubscribe": "<https://acme.com/u>"}}}
        """;
    JsonNode data = perform(PRIORS_ONLY, step(draft, Map.of("copy", COPY, "check", COMPLIANCE)));

    JsonNode email = data.get("email");
    assertThat(email.get("from").asText()).isEqualTo("Acme Outdoor <news@acme.com>");
    assertThat(email.get("replyTo").asText()).isEqualTo("help@acme.com");
    assertThat(email.get("subject").asText()).isEqualTo(data.at("/subject/text").asText());
    assertThat(email.get("preheader").asText())
        .isEqualTo("Take 20% off on Trailhead 2 hiking boots, through Sunday.");
    assertThat(email.get("text").asText()).startsWith("Hi there,\n\nYou can now get 20% off");
    assertThat(email.get("html").asText()).contains("https://acme.com/trailhead");
    assertThat(email.at("/headers/List-Unsubscribe").asText()).isEqualTo("<https://acme.com/u>");
  }

  @Test
  void answersNoEmailWithoutADraftToTakeTheSenderFrom() {
    JsonNode data = perform(PRIORS_ONLY, step("{}", Map.of("copy", COPY, "check", COMPLIANCE)));

    assertThat(data.has("email")).isFalse();
  }

  @Test
  void passesOverWhatComplianceFlaggedAndSaysWhy() {
    JsonNode data = perform(PRIORS_ONLY, step("{}", Map.of("copy", COPY, "check", COMPLIANCE)));

    JsonNode draft = data.get("subjects").get(4);
    assertThat(draft.get("id").asText()).isEqualTo("s-draft");
    assertThat(draft.get("flagged").asBoolean()).isTrue();
    assertThat(draft.get("flags").findValuesAsText("")).isEmpty(); // flags are strings, not objects
    assertThat(draft.get("flags").toString())
        .contains("breaks spam-phrases", "compliance error: subject-exclamation")
        .contains("compliance: reads like spam");
    assertThat(data.at("/subject/reasons").toString())
        .contains("highest expected open rate of the 4 subjects not flagged (of 5)")
        .contains("passed over s-draft");
    assertThat(data.at("/preheader/id").asText()).isEqualTo("p1");
    assertThat(data.at("/variant/id").asText()).isEqualTo("b1");
    assertThat(data.get("bodies").findValuesAsText("id")).containsExactly("b1", "b2", "b-draft");
  }

  @Test
  void passesOverAVariantComplianceFailedOnItsOwn() {
    // s2 repeats none of the draft's evidence, but compliance checked it on its own and it failed.
    String checked =
        COMPLIANCE.replace(
            "\"agreeingRules\": [\"spam-phrases\"]}}",
            """
            "agreeingRules": ["spam-phrases"]},
             "variants": [
               {"id": "s2", "part": "subject", "passed": false,
                "findings": [{"rule": "subject-length", "severity": "warning", "message": "m",
                              "fix": "f", "evidence": "here's 20% off"}],
                "spam": {"probability": 0.62, "likelySpam": true}},
               {"id": "s3", "part": "subject", "passed": true, "findings": [],
                "spam": {"probability": 0.1, "likelySpam": false}}]}
            """);

    JsonNode data = perform(PRIORS_ONLY, step("{}", Map.of("copy", COPY, "check", checked)));

    assertThat(data.at("/subject/id").asText()).isEqualTo("s3");
    assertThat(data.at("/subject/reasons").toString())
        .contains("passed over s2: compliance warning: subject-length")
        .contains("reads like spam on its own (0.62)");
  }

  @Test
  void anOffVoiceVariantLosesToOneOnVoiceUnlessItsRateMakesUpForIt() {
    // Without brand voice s2 wins (+0.11 over the benchmark against s3's +0.05).
    String voice =
        """
        {"score": 80, "onVoice": true, "basis": "brand-samples", "samples": 3,
         "variants": [
           {"id": "s2", "part": "subject", "score": 45, "onVoice": false,
            "reasons": ["banned-phrase"]},
           {"id": "s3", "part": "subject", "score": 88, "onVoice": true, "reasons": []}]}
        """;

    JsonNode data =
        perform(PRIORS_ONLY, step("{}", Map.of("copy", COPY, "check", COMPLIANCE, "voice", voice)));

    assertThat(data.at("/subject/id").asText()).isEqualTo("s3");
    assertThat(data.get("subjects").findValuesAsText("id"))
        .containsExactly("s3", "s1", "s4", "s2", "s-draft");
    assertThat(data.at("/subject/reasons").toString())
        .contains("brand voice 88/100, on voice")
        .contains("passed over s2")
        .contains("brand voice 45/100, off voice (banned-phrase): ranked at ×0.73 of its rate");
    JsonNode s2 = data.get("subjects").get(3);
    assertThat(s2.at("/voice/factor").asDouble()).isEqualTo(0.725);
    assertThat(s2.at("/rate/expected").asDouble())
        .isGreaterThan(data.at("/expected/open/expected").asDouble());
  }

  @Test
  void withoutComplianceStillPenalisesSpamTriggersAndSaysNothingWasChecked() {
    String unflaggedDraft =
        COPY.replace("\"subject-all-caps\", \"subject-exclamation\", \"spam-phrases\"", "");
    JsonNode data = perform(PRIORS_ONLY, step("{}", Map.of("copy", unflaggedDraft)));

    assertThat(data.get("subjects").get(4).get("id").asText()).isEqualTo("s-draft");
    assertThat(data.get("subjects").get(4).get("flagged").asBoolean()).isFalse();
    assertThat(data.get("notes").toString()).contains("no compliance output");
    double draftOpen = data.get("subjects").get(4).at("/rate/expected").asDouble();
    double bestOpen = data.at("/expected/open/expected").asDouble();
    assertThat(draftOpen).isLessThan(bestOpen * 0.7);
  }

  @Test
  void choosesTheLeastBadWhenEverythingIsFlagged() {
    String draftOnly =
        """
        {"generator": "local", "subjects": [
           {"id": "s-draft", "text": "FREE GIFT!!! Act now", "score": 0.2, "source": "draft",
            "flags": ["spam-phrases"]}],
         "preheaders": [], "bodies": []}
        """;

    JsonNode data = perform(PRIORS_ONLY, step("{}", Map.of("copy", draftOnly)));

    assertThat(data.at("/subject/id").asText()).isEqualTo("s-draft");
    assertThat(data.at("/subject/reasons").toString()).contains("was flagged");
    assertThat(data.has("variant")).isFalse();
    assertThat(data.at("/expected/click/expected").asDouble()).isPositive();
  }

  @Test
  void theIndustrysBenchmarkMovesTheExpectedRates() {
    JsonNode hobbies =
        perform(
            PRIORS_ONLY, step("{\"brief\": {\"industry\": \"hobbies\"}}", Map.of("copy", COPY)));
    JsonNode ecommerce =
        perform(
            PRIORS_ONLY, step("{\"brief\": {\"industry\": \"ecommerce\"}}", Map.of("copy", COPY)));

    assertThat(hobbies.at("/expected/open/expected").asDouble())
        .isGreaterThan(ecommerce.at("/expected/open/expected").asDouble() + 0.08);
    assertThat(hobbies.at("/expected/click/expected").asDouble())
        .isGreaterThan(ecommerce.at("/expected/click/expected").asDouble());
    assertThat(hobbies.at("/prior/openRate").asDouble()).isEqualTo(0.2735);
  }

  @Test
  void sendsAtTheBestHourOfTheComingWeekInTheAudiencesZone() {
    JsonNode data =
        perform(
            PRIORS_ONLY,
            step("{\"schedule\": {\"timezone\": \"America/Denver\"}}", Map.of("copy", COPY)));

    JsonNode send = data.get("sendTime");
    assertThat(send.get("day").asText()).isEqualTo("TUESDAY");
    assertThat(send.get("hour").asInt()).isEqualTo(10);
    assertThat(send.get("hourOfWeek").asInt()).isEqualTo(34);
    assertThat(send.get("at").asText()).isEqualTo("2025-01-07T10:00:00-07:00");
    assertThat(send.get("timezone").asText()).isEqualTo("America/Denver");
    assertThat(send.get("source").asText()).isEqualTo("priors");
  }

  @Test
  void keepsTheSendTimeInsideTheWindow() {
    JsonNode data =
        perform(
            PRIORS_ONLY,
            step(
                """
                {"schedule": {"timezone": "Europe/Berlin",
                              "notBefore": "2025-01-02T06:30:00+01:00",
                              "notAfter": "2025-01-03T23:00:00+01:00"}}
                """,
                Map.of("copy", COPY)));

    // Thursday beats Friday; 10:00 is the day's best hour.
    assertThat(data.at("/sendTime/at").asText()).isEqualTo("2025-01-02T10:00:00+01:00");
  }

  @Test
  void weighsTheDraftAloneWhenNoCopywriterCameBefore() {
    JsonNode data =
        perform(
            PRIORS_ONLY,
            step(AgentCalls.example("campaign-draft-input.json").toString(), Map.of()));

    assertThat(data.at("/subject/id").asText()).isEqualTo("s-draft");
    assertThat(data.at("/variant/id").asText()).isEqualTo("b-draft");
    assertThat(data.at("/preheader/text").asText())
        .isEqualTo("Five routes near {{ city }}, plus what to pack.");
  }

  @Test
  void ratesFromPredictionsWhenTheNodeHasThemForEveryOption() {
    Predictions predictions =
        new Predictions(Map.of("Trailhead 2 hiking boots: free returns for 60 days", 0.41));
    OptimizerAgent agent = new OptimizerAgent(context -> Optional.of(predictions));

    JsonNode data =
        perform(agent, step("{\"schedule\": {\"segment\": \"hikers\"}}", Map.of("copy", COPY)));

    assertThat(data.get("source").asText()).isEqualTo("predictions");
    assertThat(data.at("/subject/id").asText()).isEqualTo("s1");
    assertThat(data.at("/expected/open/expected").asDouble()).isEqualTo(0.41);
    assertThat(data.at("/sendTime/source").asText()).isEqualTo("predictions");
    assertThat(data.at("/sendTime/day").asText()).isEqualTo("THURSDAY");
    assertThat(data.at("/sendTime/hour").asInt()).isEqualTo(19);
    assertThat(predictions.audiences).allMatch(a -> a.segment().equals(Optional.of("hikers")));
    assertThat(predictions.audiences).allMatch(a -> a.tenant().equals("tenant-a"));
  }

  @Test
  void fallsBackToPriorsWhenPredictionsLackAForecastOrFail() {
    Predictions gaps = new Predictions(Map.of());
    gaps.missing = "FREE GIFT!!! Act now";
    JsonNode gapData =
        perform(new OptimizerAgent(context -> Optional.of(gaps)), step("{}", Map.of("copy", COPY)));

    assertThat(gapData.get("source").asText()).isEqualTo("priors");
    assertThat(gapData.get("notes").toString()).contains("no forecast for every subject");

    EngagementPredictions broken =
        new Predictions(Map.of()) {
          @Override
          public CompletionStage<Optional<EngagementForecast>> forecast(
              Audience audience, EmailContent content) {
            return CompletableFuture.failedFuture(new IllegalStateException("read model offline"));
          }
        };
    JsonNode brokenData =
        perform(
            new OptimizerAgent(context -> Optional.of(broken)), step("{}", Map.of("copy", COPY)));

    assertThat(brokenData.get("source").asText()).isEqualTo("priors");
    assertThat(brokenData.get("notes").toString()).contains("read model offline");
  }

  static Stream<Arguments> invalidInputs() {
    return Stream.of(
        arguments(
            "{\"input\": {}}",
            "input.email is required when no copywriter step comes before the optimizer"),
        arguments(
            "{\"input\": {\"email\": {\"from\": \"a@b.co\", \"subject\": \"s\"},"
                + " \"schedule\": {\"timezone\": \"Mars/Olympus\"}}}",
            "input.schedule.timezone must be a time zone such as Europe/Berlin, got 'Mars/Olympus'"),
        arguments(
            "{\"input\": {\"email\": {\"from\": \"a@b.co\", \"subject\": \"s\"},"
                + " \"schedule\": {\"notBefore\": \"tomorrow\"}}}",
            "input.schedule.notBefore must be a date-time with an offset, e.g."
                + " 2025-05-06T09:00:00-06:00, got 'tomorrow'"),
        arguments(
            "{\"input\": {\"email\": {\"from\": \"a@b.co\", \"subject\": \"s\"},"
                + " \"schedule\": {\"notBefore\": \"2025-01-02T00:00:00Z\","
                + " \"notAfter\": \"2025-01-01T00:00:00Z\"}}}",
            "input.schedule.notAfter must not be before notBefore"),
        arguments(
            "{\"input\": {\"email\": {\"from\": \"a@b.co\", \"subject\": \"s\"},"
                + " \"brief\": {\"industry\": \"retail\"}}}",
            "input.brief.industry must be one of agriculture-and-food,"),
        arguments(
            "{\"input\": {}, \"deps\": {\"copy\": {\"generator\": \"local\", \"subjects\": [{\"text\": \"x\"}]}}}",
            "deps.copy.subjects[0].id is required"));
  }

  @ParameterizedTest
  @MethodSource("invalidInputs")
  void failsInvalidInputNamingTheFieldWithoutRetry(String stepInput, String message) {
    AgentFailure failure = AgentCalls.failure(PRIORS_ONLY, json(stepInput));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).startsWith(message);
  }

  /**
   * Predictions read from a table, as a read model would answer: the open rate of the subjects it
   * has seen (0.2 otherwise), a click rate a tenth of it, and Thursday 19:00 as the best hour.
   */
  private static class Predictions implements EngagementPredictions {

    final List<Audience> audiences = new CopyOnWriteArrayList<>();
    private final Map<String, Double> opens;
    String missing = "";

    Predictions(Map<String, Double> opens) {
      this.opens = opens;
    }

    @Override
    public CompletionStage<Optional<EngagementForecast>> forecast(
        Audience audience, EmailContent content) {
      audiences.add(audience);
      if (content.subject().equals(missing)) {
        return CompletableFuture.completedFuture(Optional.empty());
      }
      double open = opens.getOrDefault(content.subject(), 0.2);
      return CompletableFuture.completedFuture(
          Optional.of(
              new EngagementForecast(
                  new RateEstimate(open, open - 0.02, open + 0.02, 0.9),
                  new RateEstimate(open / 10, open / 10 - 0.005, open / 10 + 0.005, 0.9),
                  12_000)));
    }

    @Override
    public CompletionStage<Optional<SendTimeForecast>> bestSendTime(Audience audience) {
      audiences.add(audience);
      return CompletableFuture.completedFuture(
          Optional.of(
              new SendTimeForecast(
                  HourOfWeek.of(DayOfWeek.THURSDAY, 19),
                  new RateEstimate(0.3, 0.28, 0.32, 0.9),
                  12_000)));
    }
  }
}
