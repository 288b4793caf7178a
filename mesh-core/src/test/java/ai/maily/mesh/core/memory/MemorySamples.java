package ai.maily.mesh.core.memory;

import java.time.Instant;
import java.util.Map;

/** Memories and settings for tests, with vectors written out by hand. */
final class MemorySamples {

  static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

  private MemorySamples() {}

  /** The unit vector along {@code values}. */
  static UnitVector vector(float... values) {
    return UnitVector.of(values);
  }

  /** Settings with a capacity of {@code perKind} for every kind. */
  static MemorySettings settings(int perKind) {
    return new MemorySettings(
        200,
        Map.of(
            MemoryKind.FACT, perKind,
            MemoryKind.PREFERENCE, perKind,
            MemoryKind.FEEDBACK, perKind,
            MemoryKind.APPROVED_EXAMPLE, perKind),
        10,
        64 * 1024,
        100);
  }

  static Memory memory(String id, MemoryKind kind, UnitVector embedding) {
    return new Memory(id, kind, "text of " + id, "alice", AT, embedding);
  }
}
