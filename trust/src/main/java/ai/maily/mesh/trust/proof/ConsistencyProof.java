package ai.maily.mesh.trust.proof;

import ai.maily.mesh.trust.hash.Hash;
import java.util.List;

/**
 * RFC 9162 §2.1.4 consistency proof: the hashes showing that the tree of {@code size1} leaves is a
 * prefix of the tree of {@code size2} leaves, in the RFC's PROOF order.
 */
public record ConsistencyProof(long size1, long size2, List<Hash> hashes) {

  /** Copies {@code hashes}. */
  public ConsistencyProof {
    hashes = List.copyOf(hashes);
  }

  /**
   * Checks that this proof links {@code root1} to {@code root2}.
   *
   * @throws ProofException naming the first thing that does not hold
   */
  public void verify(Hash root1, Hash root2) throws ProofException {
    Proofs.verifyConsistency(size1, size2, Proofs.toBytes(hashes), root1.bytes(), root2.bytes());
  }
}
