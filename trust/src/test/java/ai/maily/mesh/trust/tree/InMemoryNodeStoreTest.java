package ai.maily.mesh.trust.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class InMemoryNodeStoreTest {

  private final InMemoryNodeStore store = new InMemoryNodeStore();

  @Test
  void returnsNothingForNodesNotStored() {
    store.put(0, 0, hash(0));

    assertThat(store.get(0, 1)).isEmpty();
    assertThat(store.get(5, 0)).isEmpty();
    assertThat(store.get(0, 0)).contains(hash(0));
  }

  @Test
  void keepsEveryNodeAcrossManyChunks() {
    int count = 10_000;
    for (int i = 0; i < count; i++) {
      store.put(0, i, hash(i));
    }

    assertThat(store.size(0)).isEqualTo(count);
    for (int i = 0; i < count; i++) {
      assertThat(store.get(0, i)).contains(hash(i));
    }
  }

  @Test
  void refusesToLeaveAGapInALevel() {
    store.put(1, 0, hash(0));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> store.put(1, 2, hash(2)))
        .withMessageContaining("gap");
  }

  @Test
  void refusesToOverwriteANodeWithADifferentHash() {
    store.put(0, 0, hash(0));

    assertThatIllegalStateException()
        .isThrownBy(() -> store.put(0, 0, hash(1)))
        .withMessageContaining("(0, 0)");
    assertThat(store.get(0, 0)).contains(hash(0));
  }

  @Test
  void acceptsStoringTheSameHashAgain() {
    store.put(0, 0, hash(0));
    store.put(0, 0, hash(0));

    assertThat(store.size(0)).isEqualTo(1);
  }

  @Test
  void rejectsAddressesOutsideThe64BitTree() {
    assertThatIllegalArgumentException().isThrownBy(() -> store.get(-1, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> store.get(64, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> store.get(0, -1));
    assertThatIllegalArgumentException().isThrownBy(() -> store.get(62, 2));
  }

  private static Hash hash(long i) {
    return Hashes.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(i).array());
  }
}
