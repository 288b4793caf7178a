package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.LocalMemories;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.SchemaConformance;
import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.NewMemory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The brand-voice agent on realistic marketing emails, with the node's real embedding model and the
 * tenant's brand in real agent memory.
 */
class BrandVoiceAgentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final LocalMemories local = new LocalMemories(testKit, Set.of("brand-voice"));
  private static final AgentMemories memories = local.memories();
  private static final BrandVoiceAgent agent = new BrandVoiceAgent();

  private static final List<String> APPROVED =
      List.of(
          "Hey friend, our Ethiopia Guji just landed and it's bright, juicy and a little floral."
              + " We roasted a small batch this morning, so it's as fresh as it gets. Grab a bag"
              + " before it's gone!",
          "Cold mornings call for something cozy. Our Winter Blend is back with notes of dark"
              + " chocolate and toasted hazelnut. Brew it strong, pour a big mug and share it with"
              + " someone you love.",
          "Thanks for being part of the Beanstalk family. Every bag you buy keeps our little"
              + " roaster warm and our growers paid well above fair trade. We couldn't do it"
              + " without you.");

  private static final String ON_VOICE_TEXT =
      """
      Hi friend,

      Our new Colombia Huila is here, and it tastes like caramel and red apple. We roasted the \
      first batch on Tuesday, so it's as fresh as it gets.

      Brew a pot this weekend and tell us what you think. If you love it, grab a second bag for \
      a friend.

      Thanks for being part of the Beanstalk family!

      Cheers,
      The Beanstalk crew

      Beanstalk Coffee Roasters, 412 SE Alder St, Portland, OR 97214
      Unsubscribe: https://beanstalk.coffee/unsubscribe""";

  private static final String OFF_VOICE_TEXT =
      """
      Dear valued customer,

      We hereby inform you that, pursuant to our updated terms of service, subscription charges \
      shall be applied in accordance with the revised schedule.

      Diversify your portfolio with our new high-yield crypto staking product.

      Please be advised that failure to respond prior to the deadline may result in the \
      suspension of your account.

      Limited time only.

      Sincerely,
      Beanstalk Management""";

  private String tenant;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private void remember(MemoryKind kind, String text) {
    memories
        .add(tenant, "brand-voice", new NewMemory(null, kind, text, "marketing-lead"))
        .toCompletableFuture()
        .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  private void rememberTheBrand() {
    APPROVED.forEach(text -> remember(MemoryKind.APPROVED_EXAMPLE, text));
    remember(
        MemoryKind.FACT,
        "Beanstalk is a small-batch coffee roaster in Portland, Oregon, since 2012.");
    remember(
        MemoryKind.PREFERENCE,
        "Never write 'act now' or 'limited time only' in our emails: our customers hate pressure.");
    remember(MemoryKind.FEEDBACK, "Last week's subject line was too long to read on a phone.");
  }

  private JsonNode check(String subject, String preheader, String text) {
    ObjectNode input = AgentCalls.JSON.createObjectNode();
    ObjectNode email =
        input
            .putObject("email")
            .put("from", "Beanstalk Coffee <hello@beanstalk.coffee>")
            .put("subject", subject)
            .put("text", text);
    if (preheader != null) {
      email.put("preheader", preheader);
    }
    AgentOutput output =
        agent
            .perform(
                new AgentRequest("r1", tenant, "task-1", "step-1", stepInput(input)),
                local.context(tenant, "brand-voice"))
            .toCompletableFuture()
            .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
            .join();
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    assertThat(output.summary()).startsWith("score " + output.data().get("score").asInt() + "/100");
    return output.data();
  }

  private static JsonNode stepInput(JsonNode taskInput) {
    ObjectNode step = AgentCalls.JSON.createObjectNode();
    step.set("input", taskInput);
    step.putObject("deps");
    return step;
  }

  private static List<String> codes(JsonNode data) {
    List<String> codes = new ArrayList<>();
    data.get("flags")
        .forEach(flag -> flag.get("reasons").forEach(r -> codes.add(r.get("code").asText())));
    return codes;
  }

  private static JsonNode flagOf(JsonNode data, String sentenceStart) {
    for (JsonNode flag : data.get("flags")) {
      if (flag.get("sentence").asText().startsWith(sentenceStart)) {
        return flag;
      }
    }
    throw new AssertionError("no flag for '" + sentenceStart + "' in " + data.get("flags"));
  }

  private static List<String> reasonCodes(JsonNode flag) {
    List<String> codes = new ArrayList<>();
    flag.get("reasons").forEach(r -> codes.add(r.get("code").asText()));
    return codes;
  }

  @Test
  void scoresEachOfTheCopywritersVariantsAgainstTheBrand() {
    rememberTheBrand();
    ObjectNode step = (ObjectNode) stepInput(AgentCalls.JSON.createObjectNode());
    ((ObjectNode) step.get("input"))
        .putObject("email")
        .put("from", "Beanstalk Coffee <hello@beanstalk.coffee>")
        .put("subject", "Our Colombia Huila just landed")
        .put("text", ON_VOICE_TEXT);
    ((ObjectNode) step.get("deps"))
        .set(
            "write",
            AgentCalls.json(
                """
                {"generator": "local",
                 "subjects": [
                   {"id": "s1", "text": "Our Colombia Huila just landed"},
                   {"id": "s2", "text": "Act now: limited time only on our Colombia Huila"}],
                 "preheaders": [],
                 "bodies": [{"id": "b1", "text": "%s"}]}
                """
                    .formatted(ON_VOICE_TEXT.replace("\n", "\\n"))));

    AgentOutput output =
        agent
            .perform(
                new AgentRequest("r1", tenant, "task-1", "step-1", step),
                local.context(tenant, "brand-voice"))
            .toCompletableFuture()
            .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
            .join();

    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    JsonNode variants = output.data().get("variants");
    assertThat(variants.findValuesAsText("id")).containsExactly("s1", "s2", "b1");
    JsonNode ownSubject = variants.get(0);
    JsonNode banned = variants.get(1);
    // A subject alone is one short sentence: it fits the brand's reading ease and length less
    // than a whole email, but nothing in it is off-voice.
    assertThat(ownSubject.get("reasons")).as(variants.toPrettyString()).isEmpty();
    assertThat(banned.get("onVoice").asBoolean()).isFalse();
    assertThat(banned.get("reasons").toString()).contains("banned-phrase");
    assertThat(banned.get("score").asInt()).isLessThan(ownSubject.get("score").asInt() - 15);
    // The body variant is the email's text, on voice as the email is.
    assertThat(variants.get(2).get("onVoice").asBoolean()).isTrue();
    assertThat(output.data().get("onVoice").asBoolean()).isTrue();
    assertThat(output.summary()).endsWith("variants on voice");
  }

  @Test
  void anEmailInTheBrandsVoiceIsOnVoice() {
    rememberTheBrand();

    JsonNode report =
        check(
            "Our Colombia Huila just landed",
            "Caramel, red apple and a lot of cozy.",
            ON_VOICE_TEXT);

    assertThat(report.get("basis").asText()).isEqualTo("brand-samples");
    assertThat(report.get("samples").asInt()).isEqualTo(4);
    assertThat(report.get("onVoice").asBoolean()).as(report.toPrettyString()).isTrue();
    assertThat(report.get("score").asInt()).isGreaterThanOrEqualTo(75);
    assertThat(codes(report)).doesNotContain("banned-phrase", "too-formal", "far-from-brand");
    assertThat(report.at("/metrics/similarity").asDouble()).isGreaterThan(0.3);
    assertThat(report.at("/brand/register").asText()).isEqualTo("casual");
    assertThat(report.get("bannedPhrases"))
        .extracting(JsonNode::asText)
        .containsExactly("act now", "limited time only");
  }

  @Test
  void anOffVoiceEmailIsFlaggedSentenceBySentenceWithReasons() {
    rememberTheBrand();

    JsonNode onVoice =
        check(
            "Our Colombia Huila just landed",
            "Caramel, red apple and a lot of cozy.",
            ON_VOICE_TEXT);
    JsonNode report =
        check("Act now: important changes to your subscription", null, OFF_VOICE_TEXT);

    assertThat(report.get("onVoice").asBoolean()).isFalse();
    assertThat(report.get("score").asInt()).isLessThan(onVoice.get("score").asInt() - 30);
    JsonNode subject = flagOf(report, "Act now");
    assertThat(subject.get("part").asText()).isEqualTo("subject");
    assertThat(reasonCodes(subject)).contains("banned-phrase");
    assertThat(reasonCodes(flagOf(report, "Limited time only"))).contains("banned-phrase");
    JsonNode legalese = flagOf(report, "We hereby inform you");
    assertThat(reasonCodes(legalese)).contains("too-formal");
    assertThat(legalese.at("/reasons/0/message").asText()).contains("'hereby'", "'pursuant to'");
    assertThat(reasonCodes(flagOf(report, "Please be advised"))).contains("too-formal");
    assertThat(reasonCodes(flagOf(report, "Diversify your portfolio")))
        .containsExactly("far-from-brand");
    assertThat(report.at("/metrics/formality").asDouble())
        .isGreaterThan(onVoice.at("/metrics/formality").asDouble());
  }

  @Test
  void withoutBrandSamplesItSaysSoAndScoresTheGeneralStyle() {
    JsonNode plain = check("Our Colombia Huila just landed", null, ON_VOICE_TEXT);
    JsonNode stiff = check("Important changes to your subscription", null, OFF_VOICE_TEXT);

    assertThat(plain.get("basis").asText()).isEqualTo("general-style");
    assertThat(plain.get("samples").asInt()).isZero();
    assertThat(plain.get("note").asText()).contains("no brand samples");
    assertThat(plain.at("/metrics").has("similarity")).isFalse();
    assertThat(plain.at("/fit").has("similarity")).isFalse();
    assertThat(plain.at("/brand/fromSamples").asBoolean()).isFalse();
    assertThat(plain.get("onVoice").asBoolean()).as(plain.toPrettyString()).isTrue();
    assertThat(codes(plain)).isEmpty();
    assertThat(codes(stiff))
        .contains("too-formal")
        .doesNotContain("far-from-brand", "banned-phrase");
    assertThat(stiff.get("score").asInt()).isLessThan(plain.get("score").asInt());
  }

  @Test
  void learnsTheBrandFromApprovedContent() {
    JsonNode before = check("Our Colombia Huila just landed", null, ON_VOICE_TEXT);

    APPROVED.forEach(text -> remember(MemoryKind.APPROVED_EXAMPLE, text));
    JsonNode after = check("Our Colombia Huila just landed", null, ON_VOICE_TEXT);

    assertThat(before.get("basis").asText()).isEqualTo("general-style");
    assertThat(after.get("basis").asText()).isEqualTo("brand-samples");
    assertThat(after.get("samples").asInt()).isEqualTo(3);
    assertThat(after.at("/brand/fromSamples").asBoolean()).isTrue();
    assertThat(after.at("/metrics/similarity").asDouble()).isGreaterThan(0.3);
  }
}
