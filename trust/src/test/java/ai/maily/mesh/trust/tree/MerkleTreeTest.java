package ai.maily.mesh.trust.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.testing.TlogVectors;
import ai.maily.mesh.trust.testing.TlogVectors.ReferenceTree;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  private final ReferenceTree reference = TlogVectors.referenceTree();
  private final InMemoryNodeStore store = new InMemoryNodeStore();
  private final MerkleTree tree = new MerkleTree(store, 0);

  @Test
  void storesExactlyTheCompleteSubtreesOfTheReferenceTree() {
    tree.append(reference.leafHashes());

    List<List<Hash>> levels = reference.nodeHashes();
    for (int level = 0; level < levels.size(); level++) {
      assertThat(store.size(level))
          .as("nodes at level %d", level)
          .isEqualTo(levels.get(level).size());
      for (int index = 0; index < levels.get(level).size(); index++) {
        assertThat(store.get(level, index)).contains(levels.get(level).get(index));
      }
    }
    assertThat(store.size(levels.size())).isZero();
  }

  @Test
  void rootAfterEachAppendIsTheReferenceRootOfThatSize() {
    assertThat(tree.root()).isEqualTo(reference.rootsBySize().get(0));
    for (int size = 1; size <= 8; size++) {
      BatchAppend batch = tree.append(List.of(reference.leafHashes().get(size - 1)));

      assertThat(tree.size()).isEqualTo(size);
      assertThat(tree.root())
          .as("root of size %d", size)
          .isEqualTo(reference.rootsBySize().get(size));
      assertThat(batch.root()).isEqualTo(tree.root());
    }
  }

  @Test
  void rootOfEveryEarlierSizeIsTheReferenceRootOfThatSize() {
    tree.append(reference.leafHashes());

    for (int size = 0; size <= 8; size++) {
      assertThat(tree.root(size))
          .as("root of size %d", size)
          .isEqualTo(reference.rootsBySize().get(size));
    }
  }

  @Test
  void readsBackEveryLeafHash() {
    tree.append(reference.leafHashes());

    for (int i = 0; i < 8; i++) {
      assertThat(tree.leafHash(i)).isEqualTo(reference.leafHashes().get(i));
    }
  }

  @Test
  void appendReturnsExactlyTheNodesItStores() {
    List<StoredNode> puts = new ArrayList<>();
    MerkleTree recorded = new MerkleTree(recording(store, puts), 0);
    recorded.append(leaves(0, 3));

    BatchAppend batch = recorded.append(leaves(3, 13));

    assertThat(batch.nodes())
        .isEqualTo(puts.subList(puts.size() - batch.nodes().size(), puts.size()));
    assertThat(batch.previousSize()).isEqualTo(3);
    assertThat(batch.size()).isEqualTo(13);
    // Besides their own leaves, leaves 3..12 complete these interior nodes, in this order.
    assertThat(batch.nodes())
        .filteredOn(node -> node.level() > 0)
        .extracting(node -> node.level() + ":" + node.index())
        .containsExactly("1:1", "2:0", "1:2", "1:3", "2:1", "3:0", "1:4", "1:5", "2:2");
  }

  @Test
  void previewAppendStoresNothingAndPredictsAppend() {
    tree.append(leaves(0, 5));

    BatchAppend preview = tree.previewAppend(leaves(5, 12));

    assertThat(tree.size()).isEqualTo(5);
    assertThat(store.size(0)).isEqualTo(5);
    assertThat(tree.append(leaves(5, 12))).isEqualTo(preview);
  }

  @Test
  void batchesOfAnySizeBuildTheSameTreeAsSingleAppends() {
    Random random = new Random(7);
    MerkleTree oneByOne = new MerkleTree(new InMemoryNodeStore(), 0);
    long size = 0;
    while (size < 1000) {
      long end = size + random.nextInt(40);
      tree.append(leaves(size, end));
      for (long i = size; i < end; i++) {
        oneByOne.append(leaves(i, i + 1));
      }
      size = end;
      assertThat(tree.root()).isEqualTo(oneByOne.root());
    }
  }

  @Test
  void reopenedTreeContinuesWhereItLeftOff() {
    tree.append(leaves(0, 21));

    MerkleTree reopened = new MerkleTree(store, 21);
    assertThat(reopened.root()).isEqualTo(tree.root());

    MerkleTree continuous = new MerkleTree(new InMemoryNodeStore(), 0);
    continuous.append(leaves(0, 40));
    assertThat(reopened.append(leaves(21, 40)).root()).isEqualTo(continuous.root());
  }

  @Test
  void reopeningAStoreThatLacksANodeFails() {
    tree.append(leaves(0, 6));

    assertThatIllegalStateException()
        .isThrownBy(() -> new MerkleTree(store, 7))
        .withMessageContaining("(0, 6)");
  }

  @Test
  void refusesRootsOfSizesItDoesNotHaveYet() {
    tree.append(leaves(0, 3));

    assertThatIllegalArgumentException().isThrownBy(() -> tree.root(4));
    assertThatIllegalArgumentException().isThrownBy(() -> tree.root(-1));
    assertThatIllegalArgumentException().isThrownBy(() -> tree.leafHash(3));
  }

  @Test
  void subtreeHashIsOnlyDefinedForRangesOfTheRfcSplit() {
    tree.append(leaves(0, 8));

    assertThat(tree.subtreeHash(4, 7))
        .isEqualTo(Hashes.nodeHash(store.get(1, 2).orElseThrow(), store.get(0, 6).orElseThrow()));
    assertThat(tree.subtreeHash(5, 6)).isEqualTo(store.get(0, 5).orElseThrow());
    assertThatIllegalArgumentException().isThrownBy(() -> tree.subtreeHash(1, 3));
    assertThatIllegalArgumentException().isThrownBy(() -> tree.subtreeHash(2, 5));
    assertThatIllegalArgumentException().isThrownBy(() -> tree.subtreeHash(3, 3));
    assertThatIllegalArgumentException().isThrownBy(() -> tree.subtreeHash(4, 9));
  }

  static List<Hash> leaves(long from, long to) {
    return LongStream.range(from, to)
        .mapToObj(i -> Hashes.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(i).array()))
        .toList();
  }

  private static NodeStore recording(NodeStore delegate, List<StoredNode> puts) {
    return new NodeStore() {
      @Override
      public Optional<Hash> get(int level, long index) {
        return delegate.get(level, index);
      }

      @Override
      public void put(int level, long index, Hash hash) {
        puts.add(new StoredNode(level, index, hash));
        delegate.put(level, index, hash);
      }
    };
  }
}
