/**
 * RFC 9162 §2.1.3 inclusion and §2.1.4 consistency proofs: construction from a {@link
 * ai.maily.mesh.trust.tree.MerkleTree} and verification, with one exception type per way a proof
 * can fail.
 */
package ai.maily.mesh.trust.proof;
