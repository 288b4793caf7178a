package ai.maily.mesh.trust.log;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.tree.NodeStore;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The log's {@link NodeStore}: node hashes in memory in chunks of {@value #CHUNK_NODES}, read
 * through from the {@link LogStore}, so proofs are O(log n) memory reads once warm and a restart
 * only reads the chunks it touches.
 *
 * <p>One writer and any number of readers. The writer stores each batch's nodes in the database
 * ({@link LogStore#write}) before the batch commits and {@link #put}s them here after; readers only
 * ask for nodes of trees no larger than the last {@link #publish published} size. At each level the
 * writer fills one open chunk, which it owns and keeps in memory; every chunk before it is
 * complete, so its rows are all committed and immutable and can be loaded, cached and evicted
 * freely.
 *
 * <pre>
 *   level 0:  [chunk 0: complete][chunk 1: complete][chunk 2: open, filled to 1234]
 *              cached or loaded   cached or loaded   owned by the writer
 * </pre>
 */
public final class NodeCache implements NodeStore {

  static final int CHUNK_BITS = 12;
  static final int CHUNK_NODES = 1 << CHUNK_BITS;

  private final LogStore store;
  private final Cache<ChunkKey, byte[]> complete;
  private final AtomicReferenceArray<OpenChunk> open =
      new AtomicReferenceArray<>(NodeStore.MAX_LEVEL + 1);
  private volatile long publishedSize;

  private record ChunkKey(int level, long chunk) {}

  /** The chunk a level is being filled in; written by the writer only. */
  private static final class OpenChunk {
    final long chunk;
    final byte[] hashes = new byte[CHUNK_NODES * Hash.SIZE];
    int filled;

    OpenChunk(long chunk) {
      this.chunk = chunk;
    }
  }

  /** A cache over {@code store} that keeps at most {@code maxChunks} complete chunks. */
  public NodeCache(LogStore store, long maxChunks) {
    this.store = store;
    this.complete = Caffeine.newBuilder().maximumSize(maxChunks).build();
  }

  /**
   * Prepares the writer's open chunks for a tree of {@code size} committed leaves, reading at most
   * one partial chunk per level: this, not replaying the log, is what a restart costs.
   */
  public void open(long size) {
    for (int level = 0; level <= NodeStore.MAX_LEVEL; level++) {
      long count = size >>> level;
      OpenChunk chunk = null;
      if ((count & (CHUNK_NODES - 1)) != 0) {
        chunk = new OpenChunk(count >>> CHUNK_BITS);
        long from = chunk.chunk << CHUNK_BITS;
        byte[] hashes = store.nodes(level, from, count);
        System.arraycopy(hashes, 0, chunk.hashes, 0, hashes.length);
        chunk.filled = (int) (count - from);
      }
      open.set(level, chunk);
    }
    publishedSize = size;
  }

  /** Makes nodes of trees up to {@code size} leaves readable; called by the writer after a put. */
  public void publish(long size) {
    publishedSize = size;
  }

  @Override
  public Optional<Hash> get(int level, long index) {
    NodeStore.checkAddress(level, index);
    if (index >= (publishedSize >>> level)) {
      return Optional.empty();
    }
    long chunk = index >>> CHUNK_BITS;
    int offset = (int) (index & (CHUNK_NODES - 1)) * Hash.SIZE;
    OpenChunk filling = open.get(level);
    byte[] hashes =
        filling != null && filling.chunk == chunk
            ? filling.hashes
            : complete.get(
                new ChunkKey(level, chunk),
                key -> store.nodes(level, chunk << CHUNK_BITS, (chunk + 1) << CHUNK_BITS));
    return Optional.of(Hash.of(Arrays.copyOfRange(hashes, offset, offset + Hash.SIZE)));
  }

  /**
   * Stores a committed node in memory; nodes arrive in index order per level, as a Merkle tree
   * completes them.
   *
   * @throws IllegalArgumentException if the node would leave a gap in its level
   */
  @Override
  public void put(int level, long index, Hash hash) {
    NodeStore.checkAddress(level, index);
    long chunk = index >>> CHUNK_BITS;
    int position = (int) (index & (CHUNK_NODES - 1));
    OpenChunk filling = open.get(level);
    if (filling == null || filling.chunk != chunk) {
      if (position != 0) {
        throw new IllegalArgumentException(
            "node (" + level + ", " + index + ") would leave a gap in its level");
      }
      filling = new OpenChunk(chunk);
      open.set(level, filling);
    }
    if (position != filling.filled) {
      throw new IllegalArgumentException(
          "node ("
              + level
              + ", "
              + index
              + ") is out of order: the level holds "
              + ((chunk << CHUNK_BITS) + filling.filled)
              + " nodes");
    }
    System.arraycopy(hash.bytes(), 0, filling.hashes, position * Hash.SIZE, Hash.SIZE);
    filling.filled++;
    if (filling.filled == CHUNK_NODES) {
      complete.put(new ChunkKey(level, chunk), filling.hashes);
    }
  }
}
