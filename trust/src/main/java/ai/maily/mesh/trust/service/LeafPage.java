package ai.maily.mesh.trust.service;

import ai.maily.mesh.trust.hash.Hash;
import java.util.List;

/**
 * Leaves {@code start .. end - 1} of the log.
 *
 * @param start first index
 * @param end index after the last
 * @param hashes their RFC 9162 leaf hashes
 * @param entries their entry bytes ({@code maily-entry/1}), from which anyone can recompute the
 *     hashes
 */
public record LeafPage(long start, long end, List<Hash> hashes, List<byte[]> entries) {

  /** Copies the lists. */
  public LeafPage {
    hashes = List.copyOf(hashes);
    entries = List.copyOf(entries);
  }
}
