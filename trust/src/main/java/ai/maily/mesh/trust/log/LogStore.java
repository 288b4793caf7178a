package ai.maily.mesh.trust.log;

import ai.maily.mesh.trust.tree.StoredNode;
import java.util.List;

/**
 * The log's durable tables: node hashes by {@code (level, index)} and leaf entries by index. Every
 * method blocks; call it on the trust dispatcher, never on an actor's thread.
 *
 * <p>Rows at or beyond the committed tree size are not part of the log: a batch whose event failed
 * to persist leaves some behind, and the next {@link #write} replaces them. Readers therefore
 * always pass the committed size they read below.
 */
public interface LogStore {

  /** One leaf as stored: its index, the certificate it is about, and its entry bytes. */
  record StoredEntry(long leafIndex, String certificateId, byte[] entry) {}

  /**
   * Stores a batch atomically: first removes any rows at or beyond {@code committedSize} (left by a
   * batch that never committed), then inserts the batch's entries from index {@code committedSize}
   * on and the nodes it completes.
   */
  void write(long committedSize, List<StoredEntry> entries, List<StoredNode> nodes);

  /** The hashes of nodes {@code (level, from .. to - 1)}, in index order, 32 bytes each. */
  byte[] nodes(int level, long from, long to);

  /** The entries about {@code certificateId} below {@code committedSize}, in index order. */
  List<StoredEntry> entriesFor(String certificateId, long committedSize);

  /** The entries at indices {@code from .. to - 1}, in index order. */
  List<StoredEntry> entries(long from, long to);
}
