package ai.maily.mesh.trust.testing;

import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.canon.ContentHash;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A small signed log built in memory, to issue real certificates without the entity. */
public final class Certificates {

  /** The email the certificates of this class are issued for. */
  public static final String EMAIL =
      """
      From: "Acme Outdoor" <news@acme.com>
      To: dana@example.net
      Subject: Your trail guide is here
      Date: Tue, 25 Nov 2026 10:00:00 +0000
      Content-Type: text/plain; charset=utf-8

      Hi Dana,

      Spring is here.
      """
          .replace("\n", "\r\n");

  public final NoteSigner signer = NoteSigner.generate(TrustTestConfig.ORIGIN);
  private final MerkleTree tree = new MerkleTree(new InMemoryNodeStore(), 0);

  /** The content hash of {@link #EMAIL}. */
  public static Hash emailHash() {
    return ContentHash.of(new Content.RawEmail(EMAIL.getBytes(StandardCharsets.UTF_8)));
  }

  /** The structured form of {@link #EMAIL}. */
  public static Content.StructuredEmail structuredEmail() {
    return new Content.StructuredEmail(
        "Acme Outdoor <news@acme.com>",
        Optional.empty(),
        "Your trail guide is here",
        Optional.empty(),
        Optional.of("Hi Dana,\n\nSpring is here."));
  }

  /**
   * Appends filler entries and then an issuance for {@code contentHash}; returns its certificate.
   */
  public Certificate issue(String certificateId, Hash contentHash, int fillerBefore) {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < fillerBefore; i++) {
      leaves.add(TrustTestConfig.issuance(certificateId + "-filler" + i).leafHash());
    }
    LogEntry.Issuance issuance =
        new LogEntry.Issuance(
            certificateId,
            new Subject(SubjectType.EMAIL, "spring-guide"),
            contentHash,
            "acme",
            Instant.parse("2026-11-25T09:00:00.250Z"));
    leaves.add(issuance.leafHash());
    tree.append(leaves);
    String checkpoint = signedCheckpoint();
    try {
      return Certificate.of(
          issuance,
          tree.size() - 1,
          checkpoint,
          Proofs.inclusion(tree, tree.size() - 1, tree.size()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends filler entries and returns the new signed checkpoint. */
  public String grow(int entries) {
    List<Hash> leaves = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      leaves.add(TrustTestConfig.issuance("grow" + tree.size() + "x" + i).leafHash());
    }
    tree.append(leaves);
    return signedCheckpoint();
  }

  /** The consistency proof between two sizes of this log. */
  public ConsistencyProof consistency(long size1, long size2) {
    try {
      return Proofs.consistency(tree, size1, size2);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public long size() {
    return tree.size();
  }

  private String signedCheckpoint() {
    String checkpoint =
        new Checkpoint(TrustTestConfig.ORIGIN, tree.size(), tree.root()).sign(signer).serialize();
    return checkpoint;
  }
}
