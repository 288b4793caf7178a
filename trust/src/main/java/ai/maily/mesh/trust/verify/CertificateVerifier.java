package ai.maily.mesh.trust.verify;

import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteException;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import ai.maily.mesh.trust.checkpoint.SignedNote;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.ProofException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies certificates against the log's public key, reporting each check separately.
 *
 * <p>Thread-safe. Checkpoints are shared by every certificate of a batch, so a checkpoint whose
 * signature verified is remembered (by its exact text) and not verified again; Ed25519 verification
 * is the most expensive step by far.
 */
public final class CertificateVerifier {

  /** How many verified checkpoints are remembered before the memory starts over. */
  static final int REMEMBERED_CHECKPOINTS = 4096;

  private final NoteVerifier key;
  private final Map<String, Checkpoint> verified = new ConcurrentHashMap<>();

  /** A verifier that trusts checkpoints signed by {@code key}. */
  public CertificateVerifier(NoteVerifier key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The trusted key. */
  public NoteVerifier key() {
    return key;
  }

  /**
   * Runs every check.
   *
   * @param certificate the certificate as presented
   * @param contentHash the hash of the content it should cover, recomputed by the caller; empty
   *     when no content was given, which makes the content check "couldn't check"
   * @param log what the log says about the certificate, or why it could not be asked
   */
  public VerificationReport verify(
      Certificate certificate, Optional<Hash> contentHash, LogEvidence log) {
    List<Check> checks = new ArrayList<>(5);
    checks.add(contentCheck(certificate, contentHash));
    Optional<Checkpoint> signed = Optional.empty();
    try {
      signed = Optional.of(verifiedCheckpoint(certificate.checkpoint()));
      checks.add(
          Check.pass(
              Check.CHECKPOINT_SIGNATURE,
              "the checkpoint of tree size "
                  + signed.get().size()
                  + " is signed by the log's key "
                  + key.name()
                  + "."));
    } catch (CheckpointRejected e) {
      checks.add(
          Check.fail(
              Check.CHECKPOINT_SIGNATURE,
              "the checkpoint is not signed by the log's key "
                  + key.name()
                  + ": "
                  + e.getMessage()));
    }
    Optional<Checkpoint> claimed = signed.or(() -> unverifiedCheckpoint(certificate.checkpoint()));
    checks.add(inclusionCheck(certificate, claimed));
    checks.add(consistencyCheck(claimed, log));
    checks.add(revocationCheck(log));
    return new VerificationReport(certificate, checks);
  }

  private static Check contentCheck(Certificate certificate, Optional<Hash> contentHash) {
    if (contentHash.isEmpty()) {
      return Check.unknown(
          Check.CONTENT_HASH, "no email or content was given to compare with the certificate.");
    }
    if (contentHash.get().equals(certificate.contentHash())) {
      return Check.pass(
          Check.CONTENT_HASH,
          "the content hashes to " + contentHash.get().base64() + ", as the certificate says.");
    }
    return Check.fail(
        Check.CONTENT_HASH,
        "the content has changed since it was certified: it hashes to "
            + contentHash.get().base64()
            + " but the certificate is for "
            + certificate.contentHash().base64()
            + ".");
  }

  private static Check inclusionCheck(Certificate certificate, Optional<Checkpoint> checkpoint) {
    if (checkpoint.isEmpty()) {
      return Check.fail(Check.INCLUSION, "the certificate carries no readable checkpoint.");
    }
    Hash leafHash;
    try {
      leafHash = certificate.issuance().leafHash();
    } catch (IllegalArgumentException e) {
      return Check.fail(Check.INCLUSION, "the certificate's fields are invalid: " + e.getMessage());
    }
    if (!leafHash.equals(certificate.leafHash())) {
      return Check.fail(
          Check.INCLUSION,
          "the certificate's fields hash to leaf "
              + leafHash.base64()
              + ", not to the leaf hash it names: a field was changed.");
    }
    long size = checkpoint.get().size();
    if (certificate.inclusionProof().treeSize() != size
        || certificate.inclusionProof().leafIndex() != certificate.leafIndex()) {
      return Check.fail(
          Check.INCLUSION,
          "the proof is for leaf "
              + certificate.inclusionProof().leafIndex()
              + " in a tree of size "
              + certificate.inclusionProof().treeSize()
              + ", but the certificate names leaf "
              + certificate.leafIndex()
              + " and its checkpoint a tree of size "
              + size
              + ".");
    }
    try {
      certificate.inclusionProof().verify(leafHash, checkpoint.get().root());
      return Check.pass(
          Check.INCLUSION,
          "entry "
              + certificate.leafIndex()
              + " is in the tree of size "
              + size
              + " with root "
              + checkpoint.get().root().base64()
              + " that the checkpoint commits to.");
    } catch (ProofException e) {
      return Check.fail(Check.INCLUSION, "the inclusion proof does not hold: " + e.getMessage());
    }
  }

  private Check consistencyCheck(Optional<Checkpoint> claimed, LogEvidence log) {
    if (!(log instanceof LogEvidence.Answered answered)) {
      return Check.unknown(Check.CONSISTENCY, reason(log));
    }
    if (claimed.isEmpty()) {
      return Check.unknown(
          Check.CONSISTENCY, "the certificate carries no readable checkpoint to compare.");
    }
    Checkpoint newest;
    try {
      newest = verifiedCheckpoint(answered.newestCheckpoint());
    } catch (CheckpointRejected e) {
      return Check.fail(
          Check.CONSISTENCY, "the log's newest checkpoint does not verify: " + e.getMessage());
    }
    Checkpoint old = claimed.get();
    if (old.size() > newest.size()) {
      return Check.fail(
          Check.CONSISTENCY,
          "the certificate's checkpoint (tree size "
              + old.size()
              + ") is ahead of the log's newest (tree size "
              + newest.size()
              + "): the log has forked or the checkpoint is not the log's.");
    }
    ConsistencyProof proof = answered.consistency();
    try {
      if (proof.size1() != old.size() || proof.size2() != newest.size()) {
        return Check.fail(
            Check.CONSISTENCY,
            "the log's proof relates tree sizes "
                + proof.size1()
                + " and "
                + proof.size2()
                + ", not "
                + old.size()
                + " and "
                + newest.size()
                + ".");
      }
      proof.verify(old.root(), newest.root());
      return Check.pass(
          Check.CONSISTENCY,
          "the log's newest checkpoint (tree size "
              + newest.size()
              + ") extends the certificate's (tree size "
              + old.size()
              + ").");
    } catch (ProofException e) {
      return Check.fail(
          Check.CONSISTENCY,
          "the log's newest checkpoint does not extend the certificate's: " + e.getMessage());
    }
  }

  private static Check revocationCheck(LogEvidence log) {
    if (!(log instanceof LogEvidence.Answered answered)) {
      return Check.unknown(Check.REVOCATION, reason(log));
    }
    if (!answered.listed()) {
      return Check.fail(
          Check.REVOCATION, "the log holds no certificate with this id, so it stands for nothing.");
    }
    if (answered.revocation().isEmpty()) {
      return Check.pass(Check.REVOCATION, "the log holds no revocation of this certificate.");
    }
    LogEntry.Revocation revocation = answered.revocation().get();
    return Check.fail(
        Check.REVOCATION,
        "revoked at "
            + revocation.revokedAt()
            + " by "
            + revocation.revokedBy()
            + (revocation.reason().isEmpty() ? "." : ": " + revocation.reason()));
  }

  private static String reason(LogEvidence log) {
    return "couldn't check: " + ((LogEvidence.Unavailable) log).reason() + ".";
  }

  /** Why a checkpoint was not accepted as the log's. */
  private static final class CheckpointRejected extends Exception {
    CheckpointRejected(String message) {
      super(message, null, false, false);
    }
  }

  private Checkpoint verifiedCheckpoint(String signedNote) throws CheckpointRejected {
    Checkpoint known = verified.get(signedNote);
    if (known != null) {
      return known;
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parseVerified(signedNote, List.of(key));
    } catch (NoteException e) {
      throw new CheckpointRejected(e.getMessage());
    }
    // The key name is the log's origin: the same key signing for another log is not this log.
    if (!checkpoint.origin().equals(key.name())) {
      throw new CheckpointRejected(
          "it is a checkpoint of log " + checkpoint.origin() + ", not of " + key.name());
    }
    if (verified.size() >= REMEMBERED_CHECKPOINTS) {
      verified.clear();
    }
    verified.put(signedNote, checkpoint);
    return checkpoint;
  }

  private static Optional<Checkpoint> unverifiedCheckpoint(String signedNote) {
    try {
      return Optional.of(Checkpoint.parse(SignedNote.parse(signedNote).text()));
    } catch (NoteException e) {
      return Optional.empty();
    }
  }
}
