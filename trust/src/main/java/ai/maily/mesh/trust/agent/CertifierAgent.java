package ai.maily.mesh.trust.agent;

import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.TypedAgent;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.canon.Utf8;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.service.Certifier;
import ai.maily.mesh.trust.service.TrustJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code certifier} agent: certifies an email through the trust log and answers with the
 * certificate and the {@code Maily-Certificate} header value to send with it. Placed after an
 * approval step, it certifies exactly the content that was approved.
 *
 * <p>Which content: the email of the first dependency (in the step's {@code dependsOn} order) whose
 * output carries {@code email} or {@code rawEmail}, else the task input's. Its subject: the
 * campaign {@code input.campaignId} when given, else the task's email ({@code email:<taskId>}).
 *
 * <p>The mesh builds its agents before the actor system exists, so the agent is given a way to find
 * the {@link Certifier} of the node it works on (from its {@link AgentContext}) rather than the
 * certifier itself; until the trust service is running on that node, work fails as retryable.
 */
public final class CertifierAgent extends TypedAgent<CertifierAgent.Certification> {

  /** What to certify, as what, and for which tenant. */
  record Certification(String tenant, Subject subject, Content content) {}

  private final Function<AgentContext, Optional<? extends Certifier>> certifier;

  /** An agent that certifies through what {@code certifier} finds for the working node. */
  public CertifierAgent(Function<AgentContext, Optional<? extends Certifier>> certifier) {
    super(
        "certifier",
        "Certifies the approved email in the trust log and returns its certificate and the"
            + " Maily-Certificate header to send with it.",
        readSchema(CertifierAgent.class, "certifier-input.json"),
        readSchema(CertifierAgent.class, "certifier-output.json"));
    this.certifier = certifier;
  }

  @Override
  protected Certification parse(AgentRequest request) {
    JsonNode stepInput = request.input() == null ? MissingNode.getInstance() : request.input();
    try {
      Content content = content(stepInput);
      return new Certification(
          request.tenant(), subject(stepInput.path("input"), request), content);
    } catch (ProblemException e) {
      throw AgentFailure.invalidInput(e.problem().detail());
    }
  }

  @Override
  protected CompletionStage<AgentOutput> start(Certification certification, AgentContext context) {
    Optional<? extends Certifier> found = certifier.apply(context);
    if (found.isEmpty()) {
      throw AgentFailure.transientFault("the trust service is not running on this node");
    }
    return found
        .get()
        .certify(certification.tenant(), certification.subject(), certification.content())
        .handle(
            (certificate, error) -> {
              if (error != null) {
                throw failure(error);
              }
              return output(certificate);
            });
  }

  private static Content content(JsonNode stepInput) {
    for (Map.Entry<String, JsonNode> dep : stepInput.path("deps").properties()) {
      if (carriesEmail(dep.getValue())) {
        return emailIn(dep.getValue(), "deps." + dep.getKey());
      }
    }
    JsonNode input = stepInput.path("input");
    if (carriesEmail(input)) {
      return emailIn(input, "input");
    }
    throw ProblemException.of(
        ProblemType.INVALID_REQUEST,
        "no email to certify: input.email, input.rawEmail or a dependency's email is required");
  }

  private static boolean carriesEmail(JsonNode node) {
    return node.hasNonNull("email") || node.hasNonNull("rawEmail");
  }

  private static Content emailIn(JsonNode node, String path) {
    if (node.hasNonNull("rawEmail")) {
      JsonNode raw = node.get("rawEmail");
      if (!raw.isTextual()) {
        throw ProblemException.of(ProblemType.INVALID_REQUEST, path + ".rawEmail must be a string");
      }
      return new Content.RawEmail(Utf8.encode(raw.textValue(), path + ".rawEmail"));
    }
    return TrustJson.email(node.get("email"), path + ".email");
  }

  private static Subject subject(JsonNode input, AgentRequest request) {
    JsonNode campaign = input.path("campaignId");
    try {
      if (campaign.isTextual()) {
        return new Subject(SubjectType.CAMPAIGN, campaign.textValue());
      }
      String taskId =
          request.taskId() == null || request.taskId().isEmpty()
              ? request.requestId()
              : request.taskId();
      return new Subject(SubjectType.EMAIL, taskId);
    } catch (IllegalArgumentException e) {
      throw ProblemException.of(ProblemType.INVALID_REQUEST, "input.campaignId: " + e.getMessage());
    }
  }

  private static AgentOutput output(Certificate certificate) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("certificateId", certificate.certificateId());
    data.put("contentHash", certificate.contentHash().base64());
    data.put("leafIndex", certificate.leafIndex());
    data.put("header", CertificateHeader.encode(certificate));
    data.put("headerField", CertificateHeader.field(certificate));
    data.put("verifyPath", "/verify/" + certificate.certificateId());
    data.set("certificate", TrustJson.certificate(certificate));
    return new AgentOutput(
        data,
        "certified as " + certificate.certificateId() + " at log entry " + certificate.leafIndex());
  }

  /** Invalid content will fail again; anything else (the log busy or away) may not. */
  private static AgentFailure failure(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof ProblemException problem) {
      ProblemType type = problem.problem().type();
      String detail = problem.problem().detail();
      return type == ProblemType.INVALID_REQUEST || type == ProblemType.PAYLOAD_TOO_LARGE
          ? AgentFailure.invalidInput(detail)
          : AgentFailure.transientFault(detail);
    }
    return AgentFailure.transientFault(String.valueOf(cause.getMessage()));
  }
}
