package ai.maily.mesh.trust.proof;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.testing.NaiveMerkle;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stored-subtree tree and the bit-twiddling verifiers against {@link NaiveMerkle}, the RFC's
 * recursive definitions, on random trees of up to a few thousand leaves.
 */
class ReferenceCrossCheckTest {

  private static final int LEAVES = 5000;
  private static final Random RANDOM = new Random(9162);
  private static final List<byte[]> ENTRIES = randomEntries(LEAVES);
  private static final MerkleTree TREE = treeOf(ENTRIES);

  @Test
  void rootOfEverySizeIsTheRecursiveMth() {
    for (int size = 0; size <= 700; size++) {
      assertRoot(size);
    }
    for (int sample = 0; sample < 20; sample++) {
      assertRoot(700 + RANDOM.nextInt(LEAVES - 700 + 1));
    }
    assertRoot(4096);
    assertRoot(LEAVES);
  }

  @Test
  void inclusionProofsAreTheRecursivePath() throws ProofException {
    for (int size = 1; size <= 100; size++) {
      for (int index = 0; index < size; index++) {
        assertInclusion(index, size);
      }
    }
    for (int sample = 0; sample < 100; sample++) {
      int size = 1 + RANDOM.nextInt(LEAVES);
      assertInclusion(RANDOM.nextInt(size), size);
    }
  }

  @Test
  void consistencyProofsAreTheRecursiveProof() throws ProofException {
    for (int size2 = 2; size2 <= 64; size2++) {
      for (int size1 = 1; size1 < size2; size1++) {
        assertConsistency(size1, size2);
      }
    }
    for (int sample = 0; sample < 100; sample++) {
      int size2 = 2 + RANDOM.nextInt(LEAVES - 1);
      assertConsistency(1 + RANDOM.nextInt(size2 - 1), size2);
    }
  }

  @Test
  void inclusionVerifierAgreesWithTheRfcAlgorithmOnTamperedProofs() throws ProofException {
    int accepted = 0;
    for (int sample = 0; sample < 3000; sample++) {
      long size = 1 + RANDOM.nextInt(LEAVES);
      long index = RANDOM.nextLong(size);
      List<byte[]> proof = bytes(Proofs.inclusion(TREE, index, size).hashes());
      byte[] leaf = TREE.leafHash(index).bytes();
      byte[] root = TREE.root(size).bytes();
      switch (RANDOM.nextInt(6)) {
        case 0 -> {}
        case 1 -> index += RANDOM.nextBoolean() ? 1 : -1;
        case 2 -> size += RANDOM.nextBoolean() ? 1 : -1;
        case 3 -> proof = tamper(proof);
        case 4 -> root = TREE.root(1 + RANDOM.nextLong(TREE.size())).bytes();
        default -> index = RANDOM.nextLong(size);
      }
      boolean naive = NaiveMerkle.verifyInclusion(index, size, leaf, proof, root);
      assertThat(acceptsInclusion(index, size, leaf, proof, root))
          .as("leaf %d of %d", index, size)
          .isEqualTo(naive);
      accepted += naive ? 1 : 0;
    }
    assertThat(accepted).as("accepted cases").isBetween(300, 2700);
  }

  @Test
  void consistencyVerifierAgreesWithTheRfcAlgorithmOnTamperedProofs() throws ProofException {
    int accepted = 0;
    for (int sample = 0; sample < 3000; sample++) {
      long size2 = 1 + RANDOM.nextInt(LEAVES);
      long size1 = 1 + RANDOM.nextLong(size2);
      List<byte[]> proof = bytes(Proofs.consistency(TREE, size1, size2).hashes());
      byte[] root1 = TREE.root(size1).bytes();
      byte[] root2 = TREE.root(size2).bytes();
      switch (RANDOM.nextInt(6)) {
        case 0 -> {}
        case 1 -> size1 += RANDOM.nextBoolean() ? 1 : -1;
        case 2 -> size2 += RANDOM.nextBoolean() ? 1 : -1;
        case 3 -> proof = tamper(proof);
        case 4 -> root1 = TREE.root(RANDOM.nextLong(TREE.size())).bytes();
        default -> root2 = TREE.root(RANDOM.nextLong(TREE.size())).bytes();
      }
      boolean naive = NaiveMerkle.verifyConsistency(size1, size2, proof, root1, root2);
      assertThat(acceptsConsistency(size1, size2, proof, root1, root2))
          .as("%d to %d", size1, size2)
          .isEqualTo(naive);
      accepted += naive ? 1 : 0;
    }
    assertThat(accepted).as("accepted cases").isBetween(300, 2700);
  }

  private static void assertRoot(int size) {
    assertThat(TREE.root(size).bytes())
        .as("root of size %d", size)
        .isEqualTo(NaiveMerkle.mth(ENTRIES.subList(0, size)));
  }

  private static void assertInclusion(int index, int size) throws ProofException {
    assertThat(hex(bytes(Proofs.inclusion(TREE, index, size).hashes())))
        .as("path of leaf %d in %d", index, size)
        .isEqualTo(hex(NaiveMerkle.path(index, ENTRIES.subList(0, size))));
  }

  private static void assertConsistency(int size1, int size2) throws ProofException {
    assertThat(hex(bytes(Proofs.consistency(TREE, size1, size2).hashes())))
        .as("proof from %d to %d", size1, size2)
        .isEqualTo(hex(NaiveMerkle.proof(size1, ENTRIES.subList(0, size2))));
  }

  /** Drops, duplicates, swaps or corrupts one hash, or leaves the proof as it is. */
  private static List<byte[]> tamper(List<byte[]> proof) {
    List<byte[]> copy = new ArrayList<>(proof);
    if (copy.isEmpty()) {
      copy.add(new byte[Hash.SIZE]);
      return copy;
    }
    int at = RANDOM.nextInt(copy.size());
    switch (RANDOM.nextInt(4)) {
      case 0 -> copy.remove(at);
      case 1 -> copy.add(at, copy.get(at));
      case 2 -> copy.set(at, copy.get(RANDOM.nextInt(copy.size())));
      default -> {
        byte[] hash = copy.get(at).clone();
        hash[RANDOM.nextInt(Hash.SIZE)] ^= (byte) (1 << RANDOM.nextInt(8));
        copy.set(at, hash);
      }
    }
    return copy;
  }

  private static boolean acceptsInclusion(
      long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
    try {
      Proofs.verifyInclusion(index, size, leaf, proof, root);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  private static boolean acceptsConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
    try {
      Proofs.verifyConsistency(size1, size2, proof, root1, root2);
      return true;
    } catch (ProofException e) {
      return false;
    }
  }

  private static List<byte[]> randomEntries(int count) {
    List<byte[]> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] entry = new byte[RANDOM.nextInt(48)];
      RANDOM.nextBytes(entry);
      entries.add(entry);
    }
    return entries;
  }

  private static MerkleTree treeOf(List<byte[]> entries) {
    MerkleTree tree = new MerkleTree(new InMemoryNodeStore(), 0);
    tree.append(entries.stream().map(Hashes::leafHash).toList());
    return tree;
  }

  private static List<byte[]> bytes(List<Hash> hashes) {
    return hashes.stream().map(Hash::bytes).toList();
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HexFormat.of()::formatHex).toList();
  }
}
