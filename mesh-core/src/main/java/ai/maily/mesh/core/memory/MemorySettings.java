package ai.maily.mesh.core.memory;

import com.typesafe.config.Config;
import java.util.EnumMap;
import java.util.Map;

/**
 * How much agents remember, from {@code mesh.memory}.
 *
 * @param maxTextLength the most characters of one memory's text
 * @param capacity how many memories of each kind one (tenant, agent type) keeps; a new one beyond
 *     it pushes out the oldest of its kind (ADR 0030)
 * @param maxResults the most memories one search or listing answers
 * @param maxReplyBytes the most bytes of memories (text and embedding) one answer carries, so that
 *     it fits a cluster message; a listing stops before it would pass them
 * @param snapshotEvery events between snapshots of a memory entity
 */
public record MemorySettings(
    int maxTextLength,
    Map<MemoryKind, Integer> capacity,
    int maxResults,
    long maxReplyBytes,
    int snapshotEvery) {

  public MemorySettings {
    capacity = Map.copyOf(capacity);
    if (maxTextLength < 1 || maxResults < 1 || maxReplyBytes < 1 || snapshotEvery < 1) {
      throw new IllegalArgumentException(
          "memory settings must be positive: max-text-length, max-results, max-reply-bytes,"
              + " snapshot-every");
    }
    for (MemoryKind kind : MemoryKind.values()) {
      Integer cap = capacity.get(kind);
      if (cap == null || cap < 1) {
        throw new IllegalArgumentException(
            "mesh.memory.capacity." + kind.label() + " must be at least 1");
      }
    }
  }

  /** Reads {@code mesh.memory} from the root configuration. */
  public static MemorySettings fromConfig(Config root) {
    Config memory = root.getConfig("mesh.memory");
    Map<MemoryKind, Integer> capacity = new EnumMap<>(MemoryKind.class);
    for (MemoryKind kind : MemoryKind.values()) {
      capacity.put(kind, memory.getInt("capacity." + kind.label()));
    }
    return new MemorySettings(
        memory.getInt("max-text-length"),
        capacity,
        memory.getInt("max-results"),
        memory.getBytes("max-reply-size"),
        memory.getInt("snapshot-every"));
  }

  /** How many memories of {@code kind} one (tenant, agent type) keeps. */
  public int capacityOf(MemoryKind kind) {
    return capacity.get(kind);
  }
}
