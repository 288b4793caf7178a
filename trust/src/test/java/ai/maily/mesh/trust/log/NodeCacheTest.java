package ai.maily.mesh.trust.log;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import ai.maily.mesh.trust.tree.BatchAppend;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeCacheTest {

  private final JdbcLogStore store = TrustTestConfig.h2Store();

  @AfterEach
  void close() {
    store.close();
  }

  /** Appends in batches the way the log does: store rows first, then put and publish. */
  private static void grow(MerkleTree tree, NodeCache cache, LogStore store, long leaves) {
    List<Hash> batch = new ArrayList<>();
    long start = tree.size();
    for (long i = 0; i < leaves; i++) {
      batch.add(TrustTestConfig.issuance("n" + (start + i)).leafHash());
      if (batch.size() == 1000 || i == leaves - 1) {
        BatchAppend preview = tree.previewAppend(batch);
        store.write(tree.size(), List.of(), preview.nodes());
        tree.append(batch);
        cache.publish(tree.size());
        batch.clear();
      }
    }
  }

  @Test
  void servesTheSameProofsAsAHeapTreeAcrossChunksEvenWhenEvicting() throws Exception {
    NodeCache cache = new NodeCache(store, 1);
    cache.open(0);
    MerkleTree tree = new MerkleTree(cache, 0);
    MerkleTree reference = new MerkleTree(new InMemoryNodeStore(), 0);
    grow(tree, cache, store, 10_001);
    reference.append(
        LongStream.range(0, 10_001)
            .mapToObj(i -> TrustTestConfig.issuance("n" + i).leafHash())
            .toList());

    assertThat(tree.root()).isEqualTo(reference.root());
    for (long index : new long[] {0, 4095, 4096, 8191, 9999, 10_000}) {
      assertThat(Proofs.inclusion(new MerkleTree(cache, 10_001), index, 10_001))
          .isEqualTo(Proofs.inclusion(reference, index, 10_001));
    }
  }

  @Test
  void reopensATreeFromTheStoreWithOneReadPerPartialLevel() {
    NodeCache first = new NodeCache(store, 8);
    first.open(0);
    MerkleTree tree = new MerkleTree(first, 0);
    grow(tree, first, store, 5_000);
    CountingLogStore counting = new CountingLogStore(store);

    NodeCache reopened = new NodeCache(counting, 8);
    reopened.open(5_000);

    assertThat(new MerkleTree(reopened, 5_000).root()).isEqualTo(tree.root());
    // 5000 = 0b1001110001000: 13 levels hold nodes, each with a partial open chunk at most.
    assertThat(counting.nodeReads.get()).isLessThanOrEqualTo(13);
  }
}
