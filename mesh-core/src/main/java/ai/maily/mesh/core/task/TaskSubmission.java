package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request to run a task, after the edge resolved the playbook (if one was named) into a plan.
 *
 * @param playbook the playbook's name, or empty for an explicit plan
 * @param plan the steps to run
 * @param input the task input every step receives
 * @param idempotencyKey the client's key, or empty
 * @param fingerprint a digest of playbook, plan and input: a reused idempotency key with another
 *     fingerprint is a conflict
 * @param submittedBy the subject of the caller's token
 */
public record TaskSubmission(
    String playbook,
    Plan plan,
    JsonNode input,
    String idempotencyKey,
    String fingerprint,
    String submittedBy)
    implements CborSerializable {

  /** A submission whose fingerprint is computed from its content. */
  public static TaskSubmission of(
      String playbook, Plan plan, JsonNode input, String idempotencyKey, String submittedBy) {
    return new TaskSubmission(
        playbook, plan, input, idempotencyKey, fingerprint(playbook, plan, input), submittedBy);
  }

  private static String fingerprint(String playbook, Plan plan, JsonNode input) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      String canonical = playbook + "\n" + plan + "\n" + Json.canonical(input);
      return HexFormat.of().formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
