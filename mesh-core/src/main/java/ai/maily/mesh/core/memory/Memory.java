package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;

/**
 * One thing an agent remembers about a tenant.
 *
 * @param id unique in its (tenant, agent type): the client's, or derived from kind and text
 * @param kind what the memory is to the agent
 * @param text what is remembered, trimmed; at most {@code mesh.memory.max-text-length} characters
 * @param addedBy the subject of the token that added it
 * @param addedAt when it was added
 * @param embedding the embedding of {@code text} (its first 256 tokens), for search by meaning
 */
public record Memory(
    String id, MemoryKind kind, String text, String addedBy, Instant addedAt, UnitVector embedding)
    implements CborSerializable {

  /** Roughly the bytes this memory takes in a message: its text as UTF-8 and its vector. */
  int approximateBytes() {
    return 64 + id.length() + addedBy.length() + 3 * text.length() + 5 * embedding.dimensions();
  }
}
