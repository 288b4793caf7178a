package ai.maily.mesh.trust.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import ai.maily.mesh.trust.tree.NodeStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Properties every proof must have, and the typed error each kind of bad input gets. */
class ProofsTest {

  private static final int SMALL = 64;
  private static final MerkleTree TREE = treeOf(SMALL);

  @Test
  void everyInclusionProofOfEverySmallTreeVerifies() throws ProofException {
    for (long size = 1; size <= SMALL; size++) {
      for (long index = 0; index < size; index++) {
        Proofs.inclusion(TREE, index, size).verify(TREE.leafHash(index), TREE.root(size));
      }
    }
  }

  @Test
  void everyConsistencyProofOfEverySmallTreeVerifies() throws ProofException {
    for (long size2 = 1; size2 <= SMALL; size2++) {
      for (long size1 = 1; size1 <= size2; size1++) {
        Proofs.consistency(TREE, size1, size2).verify(TREE.root(size1), TREE.root(size2));
      }
    }
  }

  @Test
  void flippingAnyByteOfAnInclusionProofBreaksIt() throws ProofException {
    for (long size = 1; size <= 20; size++) {
      for (long index = 0; index < size; index++) {
        List<byte[]> proof = bytes(Proofs.inclusion(TREE, index, size).hashes());
        byte[] leaf = TREE.leafHash(index).bytes();
        byte[] root = TREE.root(size).bytes();
        for (int hash = 0; hash < proof.size(); hash++) {
          for (int at = 0; at < Hash.SIZE; at++) {
            List<byte[]> tampered = flip(proof, hash, at);
            long i = index;
            long n = size;
            assertThatThrownBy(() -> Proofs.verifyInclusion(i, n, leaf, tampered, root))
                .isInstanceOf(RootMismatchException.class);
          }
        }
        for (int at = 0; at < Hash.SIZE; at++) {
          long i = index;
          long n = size;
          byte[] wrongLeaf = flip(leaf, at);
          byte[] wrongRoot = flip(root, at);
          assertThatThrownBy(() -> Proofs.verifyInclusion(i, n, wrongLeaf, proof, root))
              .isInstanceOf(RootMismatchException.class);
          assertThatThrownBy(() -> Proofs.verifyInclusion(i, n, leaf, proof, wrongRoot))
              .isInstanceOf(RootMismatchException.class);
        }
      }
    }
  }

  @Test
  void flippingAnyByteOfAConsistencyProofBreaksIt() throws ProofException {
    for (long size2 = 2; size2 <= 20; size2++) {
      for (long size1 = 1; size1 < size2; size1++) {
        List<byte[]> proof = bytes(Proofs.consistency(TREE, size1, size2).hashes());
        byte[] root1 = TREE.root(size1).bytes();
        byte[] root2 = TREE.root(size2).bytes();
        long m = size1;
        long n = size2;
        for (int hash = 0; hash < proof.size(); hash++) {
          for (int at = 0; at < Hash.SIZE; at++) {
            List<byte[]> tampered = flip(proof, hash, at);
            assertThatThrownBy(() -> Proofs.verifyConsistency(m, n, tampered, root1, root2))
                .isInstanceOf(RootMismatchException.class);
          }
        }
        for (int at = 0; at < Hash.SIZE; at++) {
          byte[] wrong1 = flip(root1, at);
          byte[] wrong2 = flip(root2, at);
          assertThatThrownBy(() -> Proofs.verifyConsistency(m, n, proof, wrong1, root2))
              .isInstanceOf(RootMismatchException.class);
          assertThatThrownBy(() -> Proofs.verifyConsistency(m, n, proof, root1, wrong2))
              .isInstanceOf(RootMismatchException.class);
        }
      }
    }
  }

  @Test
  void aProofNeverVerifiesAgainstTheRootOfAnotherSize() throws ProofException {
    for (long size = 1; size <= 40; size++) {
      for (long index = 0; index < size; index++) {
        List<byte[]> proof = bytes(Proofs.inclusion(TREE, index, size).hashes());
        byte[] leaf = TREE.leafHash(index).bytes();
        for (long other = index + 1; other <= 40; other++) {
          if (other != size) {
            long i = index;
            long n = other;
            byte[] root = TREE.root(other).bytes();
            assertThatThrownBy(() -> Proofs.verifyInclusion(i, n, leaf, proof, root))
                .isInstanceOf(ProofException.class);
          }
        }
      }
    }
  }

  @Test
  void aConsistencyProofNeverVerifiesForOtherSizes() throws ProofException {
    for (long size2 = 2; size2 <= 24; size2++) {
      for (long size1 = 1; size1 < size2; size1++) {
        List<byte[]> proof = bytes(Proofs.consistency(TREE, size1, size2).hashes());
        for (long other1 = 1; other1 <= 24; other1++) {
          for (long other2 = other1; other2 <= 24; other2++) {
            if (other1 != size1 || other2 != size2) {
              long m = other1;
              long n = other2;
              byte[] root1 = TREE.root(other1).bytes();
              byte[] root2 = TREE.root(other2).bytes();
              assertThatThrownBy(() -> Proofs.verifyConsistency(m, n, proof, root1, root2))
                  .isInstanceOf(ProofException.class);
            }
          }
        }
      }
    }
  }

  @Test
  void anInclusionProofAloneDoesNotBindTheTreeSize() throws ProofException {
    // Leaf 0's path in a tree of 3 is also a well-formed path for a tree of 4, and it leads to
    // the same root: only a signed checkpoint ties a root to its size.
    InclusionProof proof = Proofs.inclusion(TREE, 0, 3);

    assertThatCode(
            () ->
                Proofs.verifyInclusion(
                    0, 4, TREE.leafHash(0).bytes(), bytes(proof.hashes()), TREE.root(3).bytes()))
        .doesNotThrowAnyException();
  }

  @Test
  void aProofWithAHashTooManyOrTooFewReportsTheSizeItNeeds() throws ProofException {
    List<byte[]> proof = bytes(Proofs.inclusion(TREE, 5, 13).hashes());
    byte[] leaf = TREE.leafHash(5).bytes();
    byte[] root = TREE.root(13).bytes();
    List<byte[]> longer = new ArrayList<>(proof);
    longer.add(root);

    InvalidProofSizeException tooLong =
        catchThrowableOfType(
            InvalidProofSizeException.class,
            () -> Proofs.verifyInclusion(5, 13, leaf, longer, root));
    InvalidProofSizeException tooShort =
        catchThrowableOfType(
            InvalidProofSizeException.class,
            () -> Proofs.verifyInclusion(5, 13, leaf, proof.subList(1, proof.size()), root));

    assertThat(tooLong.expected()).isEqualTo(proof.size());
    assertThat(tooLong.actual()).isEqualTo(proof.size() + 1);
    assertThat(tooShort.actual()).isEqualTo(proof.size() - 1);
    assertThat(tooLong)
        .hasMessage(
            "an inclusion proof for leaf 5 in a tree of size 13 must have 4 hashes but has 5");

    List<byte[]> consistency = bytes(Proofs.consistency(TREE, 5, 13).hashes());
    InvalidProofSizeException consistencyTooShort =
        catchThrowableOfType(
            InvalidProofSizeException.class,
            () ->
                Proofs.verifyConsistency(
                    5,
                    13,
                    consistency.subList(0, consistency.size() - 1),
                    TREE.root(5).bytes(),
                    root));
    assertThat(consistencyTooShort.expected()).isEqualTo(consistency.size());
  }

  @Test
  void hashesThatAreNot32BytesAreRejectedNamingWhichOne() throws ProofException {
    List<byte[]> proof = bytes(Proofs.inclusion(TREE, 2, 7).hashes());
    byte[] leaf = TREE.leafHash(2).bytes();
    byte[] root = TREE.root(7).bytes();
    List<byte[]> longHash = new ArrayList<>(proof);
    longHash.set(1, new byte[33]);

    assertThat(lengthError(() -> Proofs.verifyInclusion(2, 7, new byte[31], proof, root)))
        .extracting(InvalidHashLengthException::hash, InvalidHashLengthException::length)
        .containsExactly("leaf hash", 31);
    assertThat(lengthError(() -> Proofs.verifyInclusion(2, 7, leaf, longHash, root)))
        .extracting(InvalidHashLengthException::hash, InvalidHashLengthException::length)
        .containsExactly("proof[1]", 33);
    assertThat(lengthError(() -> Proofs.verifyInclusion(2, 7, leaf, proof, new byte[0])))
        .extracting(InvalidHashLengthException::hash)
        .isEqualTo("root");
    assertThat(lengthError(() -> Proofs.verifyConsistency(3, 7, List.of(), new byte[1], root)))
        .extracting(InvalidHashLengthException::hash)
        .isEqualTo("root1");
    List<byte[]> consistency = bytes(Proofs.consistency(TREE, 3, 7).hashes());
    byte[] root1 = TREE.root(3).bytes();
    assertThat(lengthError(() -> Proofs.verifyConsistency(3, 7, consistency, root1, new byte[64])))
        .extracting(InvalidHashLengthException::hash)
        .isEqualTo("root2");
  }

  @Test
  void leafIndicesOutsideTheTreeAreRejected() {
    byte[] hash = new byte[Hash.SIZE];
    for (long index : new long[] {-1, 7, 8, Long.MAX_VALUE, Long.MIN_VALUE}) {
      IndexOutOfRangeException error =
          catchThrowableOfType(
              IndexOutOfRangeException.class,
              () -> Proofs.verifyInclusion(index, 7, hash, List.of(), hash));
      assertThat(error.index()).isEqualTo(index);
      assertThat(error.treeSize()).isEqualTo(7);
    }
    assertThatThrownBy(() -> Proofs.verifyInclusion(0, 0, hash, List.of(), hash))
        .isInstanceOf(IndexOutOfRangeException.class)
        .hasMessage("leaf index 0 is not in a tree of size 0");
    assertThatThrownBy(() -> Proofs.inclusion(TREE, 5, 5))
        .isInstanceOf(IndexOutOfRangeException.class);
  }

  @Test
  void consistencyFromTheEmptyTreeIsRejected() {
    byte[] empty = Hashes.emptyRoot().bytes();
    assertThatThrownBy(() -> Proofs.verifyConsistency(0, 0, List.of(), empty, empty))
        .isInstanceOf(InvalidTreeSizeException.class)
        .hasMessageContaining("size 0");
    assertThatThrownBy(() -> Proofs.verifyConsistency(0, 5, List.of(), empty, empty))
        .isInstanceOf(InvalidTreeSizeException.class);
    assertThatThrownBy(() -> Proofs.consistency(TREE, 0, 5))
        .isInstanceOf(InvalidTreeSizeException.class);
  }

  @Test
  void consistencyToASmallerOrNegativeSizeIsRejected() {
    byte[] hash = new byte[Hash.SIZE];
    assertThatThrownBy(() -> Proofs.verifyConsistency(6, 4, List.of(), hash, hash))
        .isInstanceOf(InvalidTreeSizeException.class)
        .hasMessageContaining("never shrinks");
    assertThatThrownBy(() -> Proofs.verifyConsistency(-1, 4, List.of(), hash, hash))
        .isInstanceOf(InvalidTreeSizeException.class);
    assertThatThrownBy(() -> Proofs.verifyInclusion(0, -3, hash, List.of(), hash))
        .isInstanceOf(InvalidTreeSizeException.class);
    assertThatThrownBy(() -> Proofs.consistency(TREE, 6, 4))
        .isInstanceOf(InvalidTreeSizeException.class);
  }

  @Test
  void equalSizesNeedAnEmptyProofAndEqualRoots() throws ProofException {
    byte[] root = TREE.root(9).bytes();
    byte[] other = TREE.root(10).bytes();

    assertThat(Proofs.consistency(TREE, 9, 9).hashes()).isEmpty();
    assertThatCode(() -> Proofs.verifyConsistency(9, 9, List.of(), root, root.clone()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> Proofs.verifyConsistency(9, 9, List.of(root), root, root))
        .isInstanceOf(InvalidProofSizeException.class);
    RootMismatchException mismatch =
        catchThrowableOfType(
            RootMismatchException.class,
            () -> Proofs.verifyConsistency(9, 9, List.of(), root, other));
    assertThat(mismatch.expected()).isEqualTo(Hash.of(other));
    assertThat(mismatch.calculated()).isEqualTo(Hash.of(root));
  }

  @Test
  void rootMismatchReportsTheExpectedAndTheCalculatedRoot() throws ProofException {
    InclusionProof proof = Proofs.inclusion(TREE, 3, 11);
    Hash wrongRoot = TREE.root(12);

    RootMismatchException error =
        catchThrowableOfType(
            RootMismatchException.class, () -> proof.verify(TREE.leafHash(3), wrongRoot));

    assertThat(error.expected()).isEqualTo(wrongRoot);
    assertThat(error.calculated()).isEqualTo(TREE.root(11));
    assertThat(error)
        .hasMessageContaining(wrongRoot.base64())
        .hasMessageContaining(TREE.root(11).base64());
  }

  @Test
  void aConsistencyProofChecksTheOldRootBeforeReturningTheNewOne() throws ProofException {
    List<byte[]> proof = bytes(Proofs.consistency(TREE, 6, 13).hashes());

    assertThat(Proofs.rootFromConsistencyProof(6, 13, proof, TREE.root(6).bytes()))
        .isEqualTo(TREE.root(13));
    RootMismatchException error =
        catchThrowableOfType(
            RootMismatchException.class,
            () -> Proofs.rootFromConsistencyProof(6, 13, proof, TREE.root(7).bytes()));
    assertThat(error).hasMessageContaining("root1");
    assertThat(error.calculated()).isEqualTo(TREE.root(6));
  }

  @Test
  void proofsOfSizesTheLogHasNotReachedAreRefused() {
    assertThatThrownBy(() -> Proofs.inclusion(TREE, 0, SMALL + 1))
        .isInstanceOf(InvalidTreeSizeException.class)
        .hasMessageContaining("exceeds the log's size " + SMALL);
    assertThatThrownBy(() -> Proofs.consistency(TREE, 3, SMALL + 1))
        .isInstanceOf(InvalidTreeSizeException.class);
  }

  @Test
  void proofsAndRootsReadLogarithmicallyManyStoredNodes() throws ProofException {
    CountingNodeStore store = new CountingNodeStore();
    MerkleTree tree = new MerkleTree(store, 0);
    tree.append(leaves(0, 100_003));
    Random random = new Random(11);

    for (int sample = 0; sample < 300; sample++) {
      long size = 1 + random.nextInt((int) tree.size());
      long bound = 2L * (Long.SIZE - Long.numberOfLeadingZeros(size));

      store.reads = 0;
      tree.root(size);
      assertThat(store.reads).isLessThanOrEqualTo(Long.bitCount(size));

      store.reads = 0;
      Proofs.inclusion(tree, random.nextLong(size), size);
      assertThat(store.reads)
          .as("reads for an inclusion proof at size %d", size)
          .isLessThanOrEqualTo(bound);

      store.reads = 0;
      Proofs.consistency(tree, 1 + random.nextLong(size), size);
      assertThat(store.reads)
          .as("reads for a consistency proof to size %d", size)
          .isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void proofsInATreeOfNearly2To63LeavesVerify() throws ProofException {
    MerkleTree huge = new MerkleTree(new UniformNodeStore(), Long.MAX_VALUE);
    long[] sizes = {Long.MAX_VALUE, Long.MAX_VALUE - 1, (1L << 62) + 1, 1L << 62, 961_984_013L};

    for (long size : sizes) {
      for (long index : new long[] {0, size / 3, size - 2, size - 1}) {
        Proofs.inclusion(huge, index, size).verify(huge.leafHash(index), huge.root(size));
        assertThatThrownBy(
                () ->
                    Proofs.inclusion(huge, index, size)
                        .verify(huge.leafHash(index), huge.root(size - 1)))
            .isInstanceOf(ProofException.class);
      }
      for (long size1 : new long[] {1, 3, size / 2 + 1, size - 1}) {
        Proofs.consistency(huge, size1, size).verify(huge.root(size1), huge.root(size));
      }
    }
  }

  static MerkleTree treeOf(long size) {
    MerkleTree tree = new MerkleTree(new InMemoryNodeStore(), 0);
    tree.append(leaves(0, size));
    return tree;
  }

  static List<Hash> leaves(long from, long to) {
    return LongStream.range(from, to)
        .mapToObj(i -> Hashes.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(i).array()))
        .toList();
  }

  private static InvalidHashLengthException lengthError(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return catchThrowableOfType(InvalidHashLengthException.class, call);
  }

  private static List<byte[]> bytes(List<Hash> hashes) {
    return hashes.stream().map(Hash::bytes).toList();
  }

  private static List<byte[]> flip(List<byte[]> proof, int hash, int at) {
    List<byte[]> copy = new ArrayList<>(proof);
    copy.set(hash, flip(proof.get(hash), at));
    return copy;
  }

  private static byte[] flip(byte[] hash, int at) {
    byte[] copy = hash.clone();
    copy[at] ^= (byte) 0xff;
    return copy;
  }

  private static final class CountingNodeStore implements NodeStore {
    private final InMemoryNodeStore delegate = new InMemoryNodeStore();
    private long reads;

    @Override
    public Optional<Hash> get(int level, long index) {
      reads++;
      return delegate.get(level, index);
    }

    @Override
    public void put(int level, long index, Hash hash) {
      delegate.put(level, index, hash);
    }
  }

  /**
   * A read-only tree whose leaves are all the same entry: every node of a level then has the same
   * hash, so a tree of 2^63 - 1 leaves needs one hash per level.
   */
  private static final class UniformNodeStore implements NodeStore {
    private final Hash[] levels = new Hash[MAX_LEVEL + 1];

    UniformNodeStore() {
      levels[0] = Hashes.leafHash(new byte[] {42});
      for (int level = 1; level <= MAX_LEVEL; level++) {
        levels[level] = Hashes.nodeHash(levels[level - 1], levels[level - 1]);
      }
    }

    @Override
    public Optional<Hash> get(int level, long index) {
      return Optional.of(levels[level]);
    }

    @Override
    public void put(int level, long index, Hash hash) {
      throw new UnsupportedOperationException("read-only");
    }
  }
}
