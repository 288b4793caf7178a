package ai.maily.mesh.trust.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.testing.Certificates;
import ai.maily.mesh.trust.testing.RunningLog;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import ai.maily.mesh.trust.verify.CheckStatus;
import ai.maily.mesh.trust.verify.OfflineVerifier;
import ai.maily.mesh.trust.verify.VerificationReport;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CertifierAgentTest {

  private static final ActorTestKit testKit = ActorTestKit.create(TrustTestConfig.create());

  private final RunningLog running = new RunningLog(testKit);
  private final CertifierAgent agent = new CertifierAgent(context -> Optional.of(running.service));
  private final AgentContext context =
      new AgentContext(
          "acme",
          "certifier",
          Runnable::run,
          Clock.systemUTC(),
          LoggerFactory.getLogger("test"),
          testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private static ObjectNode email() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("from", "Acme Outdoor <news@acme.com>")
        .put("subject", "Your trail guide is here")
        .put("text", "Hi Dana,\n\nSpring is here.");
  }

  private static AgentRequest request(ObjectNode stepInput) {
    return new AgentRequest("acme:t1:certify:1", "acme", "t1", "certify", stepInput);
  }

  private AgentOutput perform(AgentRequest request) throws Exception {
    return agent.perform(request, context).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Throwable failure(AgentRequest request) throws Exception {
    try {
      perform(request);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  void certifiesTheApprovedEmailAndReturnsAHeaderThatVerifiesOffline() throws Exception {
    ObjectNode stepInput = JsonNodeFactory.instance.objectNode();
    stepInput.putObject("input").put("campaignId", "spring").set("email", email());
    stepInput.putObject("deps").putObject("approve").put("approved", true);

    AgentOutput output = perform(request(stepInput));

    Certificate certificate = CertificateHeader.decode(output.data().get("header").textValue());
    assertThat(certificate.subject().type()).isEqualTo(SubjectType.CAMPAIGN);
    assertThat(certificate.issuer()).isEqualTo("acme");
    assertThat(output.data().get("verifyPath").textValue())
        .isEqualTo("/verify/" + certificate.certificateId());
    assertThat(output.summary()).startsWith("certified as ");
    String sent = output.data().get("headerField").textValue() + "\r\n" + Certificates.EMAIL;
    VerificationReport report =
        OfflineVerifier.forKey(running.service.publicKey())
            .verify(sent.getBytes(StandardCharsets.UTF_8));
    assertThat(report.checks().subList(0, 3))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.PASS));
  }

  @Test
  void prefersTheEmailOfADependencyOverTheTaskInput() throws Exception {
    ObjectNode stepInput = JsonNodeFactory.instance.objectNode();
    stepInput.putObject("input").set("email", email().put("subject", "draft"));
    stepInput.putObject("deps").putObject("rewrite").set("email", email());

    AgentOutput output = perform(request(stepInput));

    assertThat(output.data().get("contentHash").textValue())
        .isEqualTo(Certificates.emailHash().base64());
    assertThat(CertificateHeader.decode(output.data().get("header").textValue()).subject().id())
        .isEqualTo("t1");
  }

  @Test
  void failsAsInvalidInputWithoutAnEmail() throws Exception {
    ObjectNode stepInput = JsonNodeFactory.instance.objectNode();
    stepInput.putObject("input").put("brief", "spring");

    Throwable failure = failure(request(stepInput));

    assertThat(failure)
        .isInstanceOf(AgentFailure.class)
        .hasMessageContaining("no email to certify");
    assertThat(((AgentFailure) failure).retryable()).isFalse();
  }

  @Test
  void failsAsRetryableWhileTheTrustServiceIsNotRunning() throws Exception {
    CertifierAgent unbound = new CertifierAgent(anyContext -> Optional.empty());
    ObjectNode stepInput = JsonNodeFactory.instance.objectNode();
    stepInput.putObject("input").set("email", email());

    Throwable failure;
    try {
      unbound.perform(request(stepInput), context).toCompletableFuture().get();
      throw new AssertionError("expected a failure");
    } catch (ExecutionException e) {
      failure = e.getCause();
    }

    assertThat(((AgentFailure) failure).retryable()).isTrue();
  }

  @Test
  void isOfferedToTheMeshThroughTheServiceLoader() {
    assertThat(AgentRegistry.load(testKit.system().settings().config()).find("certifier"))
        .isPresent();
  }
}
