package ai.maily.mesh.trust.tree;

import ai.maily.mesh.trust.hash.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link NodeStore} in growable arrays on the heap, for the log writer's working copy and for
 * tests.
 *
 * <p>Each level is a list of fixed-size chunks of raw digest bytes rather than one array of {@link
 * Hash} objects: that halves the memory per node and lets a level grow without copying what it
 * already holds. Nodes of a level must be stored in index order, which is the order in which a
 * Merkle tree completes them.
 */
public final class InMemoryNodeStore implements NodeStore {

  private static final int CHUNK_BITS = 12;
  private static final int CHUNK_NODES = 1 << CHUNK_BITS;

  private final List<Level> levels = new ArrayList<>();

  @Override
  public Optional<Hash> get(int level, long index) {
    NodeStore.checkAddress(level, index);
    if (level >= levels.size()) {
      return Optional.empty();
    }
    return levels.get(level).get(index);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if nodes {@code (level, 0 .. index - 1)} are not all stored
   *     yet
   */
  @Override
  public void put(int level, long index, Hash hash) {
    NodeStore.checkAddress(level, index);
    Objects.requireNonNull(hash, "hash");
    while (levels.size() <= level) {
      levels.add(new Level());
    }
    levels.get(level).put(level, index, hash);
  }

  /** Number of nodes stored at {@code level}. */
  public long size(int level) {
    return level < levels.size() ? levels.get(level).count : 0;
  }

  private static final class Level {
    private final List<byte[]> chunks = new ArrayList<>();
    private long count;

    Optional<Hash> get(long index) {
      if (index >= count) {
        return Optional.empty();
      }
      int offset = offset(index);
      return Optional.of(Hash.of(Arrays.copyOfRange(chunk(index), offset, offset + Hash.SIZE)));
    }

    void put(int level, long index, Hash hash) {
      if (index < count) {
        Hash stored = get(index).orElseThrow();
        if (!stored.equals(hash)) {
          throw new IllegalStateException(
              "node ("
                  + level
                  + ", "
                  + index
                  + ") already holds "
                  + stored
                  + ", refusing to overwrite it with "
                  + hash
                  + ": stored nodes never change");
        }
        return;
      }
      if (index > count) {
        throw new IllegalArgumentException(
            "node (" + level + ", " + index + ") would leave a gap: level holds " + count);
      }
      if (offset(index) == 0) {
        chunks.add(new byte[CHUNK_NODES * Hash.SIZE]);
      }
      System.arraycopy(hash.bytes(), 0, chunk(index), offset(index), Hash.SIZE);
      count++;
    }

    private byte[] chunk(long index) {
      return chunks.get(Math.toIntExact(index >>> CHUNK_BITS));
    }

    private static int offset(long index) {
      return (int) (index & (CHUNK_NODES - 1)) * Hash.SIZE;
    }
  }
}
