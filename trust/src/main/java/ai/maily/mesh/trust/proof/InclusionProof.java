package ai.maily.mesh.trust.proof;

import ai.maily.mesh.trust.hash.Hash;
import java.util.List;

/**
 * RFC 9162 §2.1.3 inclusion proof: the audit path from leaf {@code leafIndex} to the root of the
 * tree of {@code treeSize} leaves, ordered from the leaf upwards.
 */
public record InclusionProof(long leafIndex, long treeSize, List<Hash> hashes) {

  /** Copies {@code hashes}. */
  public InclusionProof {
    hashes = List.copyOf(hashes);
  }

  /**
   * Checks that this proof leads from {@code leafHash} to {@code root}.
   *
   * @throws ProofException naming the first thing that does not hold
   */
  public void verify(Hash leafHash, Hash root) throws ProofException {
    Proofs.verifyInclusion(
        leafIndex, treeSize, leafHash.bytes(), Proofs.toBytes(hashes), root.bytes());
  }
}
