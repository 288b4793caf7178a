package ai.maily.mesh.trust.verify;

import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import java.util.Objects;
import java.util.Optional;

/**
 * What the log said when asked about a certificate, or why it could not be asked. Only this part of
 * verification needs the log; without it, consistency and revocation are "couldn't check".
 */
public sealed interface LogEvidence permits LogEvidence.Answered, LogEvidence.Unavailable {

  /**
   * The log answered.
   *
   * @param newestCheckpoint the log's newest signed checkpoint
   * @param consistency the proof from the certificate's tree size to the newest one
   * @param listed whether the log holds the certificate's issuance under its id
   * @param revocation the revocation of the certificate, if the log holds one
   */
  record Answered(
      String newestCheckpoint,
      ConsistencyProof consistency,
      boolean listed,
      Optional<LogEntry.Revocation> revocation)
      implements LogEvidence {

    /** Requires every field. */
    public Answered {
      Objects.requireNonNull(newestCheckpoint, "newestCheckpoint");
      Objects.requireNonNull(consistency, "consistency");
      Objects.requireNonNull(revocation, "revocation");
    }
  }

  /**
   * The log could not be asked.
   *
   * @param reason why, for the reader: "the log did not answer within 5s", "offline"
   */
  record Unavailable(String reason) implements LogEvidence {

    /** Requires the reason. */
    public Unavailable {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** No log at hand: verification with only the public key. */
  public static LogEvidence offline() {
    return new Unavailable("offline verification uses only the log's public key");
  }
}
