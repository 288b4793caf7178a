package ai.maily.mesh.trust.proof;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Builds RFC 9162 inclusion and consistency proofs from a {@link MerkleTree} and verifies them.
 *
 * <p>Verification takes raw bytes because its inputs come from outside (a certificate, an API
 * response): every hash is checked to be exactly {@value Hash#SIZE} bytes, every index and size to
 * be in range, and every proof to have exactly the number of hashes its sizes call for, each
 * failure with its own {@link ProofException} subclass. Sizes and indices are 64-bit and 0-based.
 *
 * <p>Edge-case policy: a consistency proof from size 0 is rejected (the empty tree is a prefix of
 * every tree, so such a proof would show nothing); between equal sizes the proof must be empty and
 * the roots equal.
 */
public final class Proofs {

  private Proofs() {}

  /**
   * RFC 9162 §2.1.3.1 PATH: the inclusion proof of leaf {@code leafIndex} in the tree as it was at
   * {@code treeSize} leaves. Reads O(log n) stored nodes.
   *
   * @throws InvalidTreeSizeException unless {@code 0 <= treeSize <= tree.size()}
   * @throws IndexOutOfRangeException unless {@code 0 <= leafIndex < treeSize}
   */
  public static InclusionProof inclusion(MerkleTree tree, long leafIndex, long treeSize)
      throws ProofException {
    checkWithinTree(tree, treeSize);
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IndexOutOfRangeException(leafIndex, treeSize);
    }
    List<Hash> rootFirst = new ArrayList<>();
    long begin = 0;
    long end = treeSize;
    while (end - begin > 1) {
      long split = begin + largestPowerOfTwoBelow(end - begin);
      if (leafIndex < split) {
        rootFirst.add(tree.subtreeHash(split, end));
        end = split;
      } else {
        rootFirst.add(tree.subtreeHash(begin, split));
        begin = split;
      }
    }
    Collections.reverse(rootFirst);
    return new InclusionProof(leafIndex, treeSize, rootFirst);
  }

  /**
   * RFC 9162 §2.1.4.1 PROOF: the consistency proof from the tree at {@code size1} leaves to the
   * tree at {@code size2} leaves. Reads O(log n) stored nodes.
   *
   * @throws InvalidTreeSizeException unless {@code 0 < size1 <= size2 <= tree.size()}
   */
  public static ConsistencyProof consistency(MerkleTree tree, long size1, long size2)
      throws ProofException {
    checkConsistencySizes(size1, size2);
    checkWithinTree(tree, size2);
    List<Hash> rootFirst = new ArrayList<>();
    long begin = 0;
    long end = size2;
    // The RFC's flag b: whether the verifier already knows MTH(D[begin:end]) as root1, which
    // holds until the recursion first moves right of the old tree's leftmost subtree.
    boolean verifierKnowsSubtree = true;
    while (size1 != end) {
      long split = begin + largestPowerOfTwoBelow(end - begin);
      if (size1 <= split) {
        rootFirst.add(tree.subtreeHash(split, end));
        end = split;
      } else {
        rootFirst.add(tree.subtreeHash(begin, split));
        begin = split;
        verifierKnowsSubtree = false;
      }
    }
    if (!verifierKnowsSubtree) {
      rootFirst.add(tree.subtreeHash(begin, end));
    }
    Collections.reverse(rootFirst);
    return new ConsistencyProof(size1, size2, rootFirst);
  }

  /**
   * Checks that {@code proof} shows leaf {@code leafIndex} with hash {@code leafHash} is in the
   * tree of {@code treeSize} leaves with root {@code root}.
   *
   * <p>The proof binds the leaf to {@code root} only: a proof for one tree size can also lead to
   * the same root under a different size. Take {@code treeSize} and {@code root} from one signed
   * checkpoint.
   *
   * @throws ProofException naming the first check that fails
   */
  public static void verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws ProofException {
    Hash calculated = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
    Hash expected = hash("root", root);
    if (!calculated.equals(expected)) {
      throw new RootMismatchException("root", expected, calculated);
    }
  }

  /**
   * The root that {@code proof} leads to from leaf {@code leafIndex} with hash {@code leafHash} in
   * a tree of {@code treeSize} leaves (RFC 9162 §2.1.3.2 without the final comparison).
   *
   * @throws InvalidTreeSizeException if {@code treeSize} is negative
   * @throws IndexOutOfRangeException unless {@code 0 <= leafIndex < treeSize}
   * @throws InvalidHashLengthException if a hash is not {@value Hash#SIZE} bytes
   * @throws InvalidProofSizeException if the proof has the wrong number of hashes
   */
  public static Hash rootFromInclusionProof(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof) throws ProofException {
    if (treeSize < 0) {
      throw new InvalidTreeSizeException("tree size must not be negative: " + treeSize);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IndexOutOfRangeException(leafIndex, treeSize);
    }
    Hash seed = hash("leaf hash", leafHash);
    List<Hash> hashes = hashes(proof);
    // The path climbs through perfect subtrees while the leaf and the last leaf of the tree are in
    // different halves ("inner" levels, one sibling on either side per level); above that, every
    // ancestor is on the tree's right edge and its sibling is a perfect subtree on the left, one
    // per set bit of the index ("border" levels).
    int inner = innerProofSize(leafIndex, treeSize);
    int border = Long.bitCount(leafIndex >>> inner);
    if (hashes.size() != inner + border) {
      throw new InvalidProofSizeException(
          "an inclusion proof for leaf " + leafIndex + " in a tree of size " + treeSize,
          inner + border,
          hashes.size());
    }
    Hash hash = chainInner(seed, hashes.subList(0, inner), leafIndex);
    return chainBorderRight(hash, hashes.subList(inner, hashes.size()));
  }

  /**
   * Checks that {@code proof} shows the tree of {@code size1} leaves with root {@code root1} is a
   * prefix of the tree of {@code size2} leaves with root {@code root2}.
   *
   * @throws ProofException naming the first check that fails
   */
  public static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
      throws ProofException {
    Hash calculated = rootFromConsistencyProof(size1, size2, proof, root1);
    Hash expected = hash("root2", root2);
    if (!calculated.equals(expected)) {
      throw new RootMismatchException("root2", expected, calculated);
    }
  }

  /**
   * The root of the tree of {@code size2} leaves that {@code proof} leads to, after checking that
   * it also leads to {@code root1} for the first {@code size1} leaves (RFC 9162 §2.1.4.2 without
   * the final comparison).
   *
   * @throws InvalidTreeSizeException unless {@code 0 < size1 <= size2}
   * @throws InvalidHashLengthException if a hash is not {@value Hash#SIZE} bytes
   * @throws InvalidProofSizeException if the proof has the wrong number of hashes
   * @throws RootMismatchException if the proof does not lead to {@code root1}
   */
  public static Hash rootFromConsistencyProof(
      long size1, long size2, List<byte[]> proof, byte[] root1) throws ProofException {
    checkConsistencySizes(size1, size2);
    Hash trusted1 = hash("root1", root1);
    List<Hash> hashes = hashes(proof);
    if (size1 == size2) {
      if (!hashes.isEmpty()) {
        throw new InvalidProofSizeException(
            "a consistency proof between equal sizes", 0, hashes.size());
      }
      return trusted1;
    }
    // The proof is, in effect, the inclusion proof of the old tree's last leaf in the new tree,
    // starting from the largest perfect subtree that ends at size1 instead of from the leaf.
    int shift = Long.numberOfTrailingZeros(size1);
    int fullInner = innerProofSize(size1 - 1, size2);
    int inner = fullInner - shift;
    int border = Long.bitCount((size1 - 1) >>> fullInner);
    // When size1 is a power of two that subtree is the old tree itself, whose root the verifier
    // already has, so the proof leaves it out.
    boolean oldTreeIsPerfect = size1 == 1L << shift;
    int start = oldTreeIsPerfect ? 0 : 1;
    if (hashes.size() != start + inner + border) {
      throw new InvalidProofSizeException(
          "a consistency proof from size " + size1 + " to size " + size2,
          start + inner + border,
          hashes.size());
    }
    Hash seed = oldTreeIsPerfect ? trusted1 : hashes.get(0);
    List<Hash> innerHashes = hashes.subList(start, start + inner);
    List<Hash> borderHashes = hashes.subList(start + inner, hashes.size());
    long path = (size1 - 1) >>> shift;

    Hash calculated1 = chainBorderRight(chainInnerRight(seed, innerHashes, path), borderHashes);
    if (!calculated1.equals(trusted1)) {
      throw new RootMismatchException("root1", trusted1, calculated1);
    }
    return chainBorderRight(chainInner(seed, innerHashes, path), borderHashes);
  }

  static List<byte[]> toBytes(List<Hash> hashes) {
    return hashes.stream().map(Hash::bytes).toList();
  }

  private static void checkWithinTree(MerkleTree tree, long treeSize)
      throws InvalidTreeSizeException {
    if (treeSize < 0) {
      throw new InvalidTreeSizeException("tree size must not be negative: " + treeSize);
    }
    if (treeSize > tree.size()) {
      throw new InvalidTreeSizeException(
          "tree size " + treeSize + " exceeds the log's size " + tree.size());
    }
  }

  private static void checkConsistencySizes(long size1, long size2)
      throws InvalidTreeSizeException {
    if (size1 < 0 || size2 < 0) {
      throw new InvalidTreeSizeException(
          "tree sizes must not be negative: " + size1 + ", " + size2);
    }
    if (size1 > size2) {
      throw new InvalidTreeSizeException(
          "size1 " + size1 + " is larger than size2 " + size2 + ": a log never shrinks");
    }
    if (size1 == 0) {
      throw new InvalidTreeSizeException(
          "no consistency proof from size 0: the empty tree is a prefix of every tree");
    }
  }

  /** Number of levels below the point where the paths to {@code index} and the last leaf meet. */
  private static int innerProofSize(long index, long treeSize) {
    return Long.SIZE - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
  }

  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** Hashes up the inner levels; bit i of {@code index} says whether level i is a right child. */
  private static Hash chainInner(Hash seed, List<Hash> proof, long index) {
    Hash hash = seed;
    for (int i = 0; i < proof.size(); i++) {
      hash =
          ((index >>> i) & 1) == 0
              ? Hashes.nodeHash(hash, proof.get(i))
              : Hashes.nodeHash(proof.get(i), hash);
    }
    return hash;
  }

  /**
   * Like {@link #chainInner} but keeps only left siblings: what the old tree's root is made of,
   * since everything to the right of its last leaf was appended later.
   */
  private static Hash chainInnerRight(Hash seed, List<Hash> proof, long index) {
    Hash hash = seed;
    for (int i = 0; i < proof.size(); i++) {
      if (((index >>> i) & 1) == 1) {
        hash = Hashes.nodeHash(proof.get(i), hash);
      }
    }
    return hash;
  }

  private static Hash chainBorderRight(Hash seed, List<Hash> proof) {
    Hash hash = seed;
    for (Hash sibling : proof) {
      hash = Hashes.nodeHash(sibling, hash);
    }
    return hash;
  }

  private static List<Hash> hashes(List<byte[]> proof) throws InvalidHashLengthException {
    Objects.requireNonNull(proof, "proof");
    List<Hash> hashes = new ArrayList<>(proof.size());
    for (int i = 0; i < proof.size(); i++) {
      hashes.add(hash("proof[" + i + "]", proof.get(i)));
    }
    return hashes;
  }

  private static Hash hash(String name, byte[] bytes) throws InvalidHashLengthException {
    Objects.requireNonNull(bytes, name);
    if (bytes.length != Hash.SIZE) {
      throw new InvalidHashLengthException(name, bytes.length);
    }
    return Hash.of(bytes);
  }
}
