package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.CborSerializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * What one (tenant, agent type) remembers, folded from its memory entity's events: the memories in
 * the order they were added, oldest first. Immutable, as the state of an entity that saves
 * snapshots must be. Plain code: the entity decides with it, tests check it without actors.
 */
public record MemoryState(List<Memory> memories) implements CborSerializable {

  static final MemoryState EMPTY = new MemoryState(List.of());

  public MemoryState {
    memories = List.copyOf(memories);
  }

  /** The memory stored under {@code id}, if any. */
  public Optional<Memory> find(String id) {
    return memories.stream().filter(memory -> memory.id().equals(id)).findFirst();
  }

  /** How many memories of each kind there are; every kind is listed. */
  public Map<MemoryKind, Integer> counts() {
    Map<MemoryKind, Integer> counts = new EnumMap<>(MemoryKind.class);
    for (MemoryKind kind : MemoryKind.values()) {
      counts.put(kind, 0);
    }
    memories.forEach(memory -> counts.merge(memory.kind(), 1, Integer::sum));
    return counts;
  }

  /**
   * The eviction rule (ADR 0030): the ids to drop so that one more memory of {@code kind} fits its
   * kind's {@code capacity} — the oldest of that kind, and none of another kind.
   */
  public List<String> evictionsFor(MemoryKind kind, int capacity) {
    List<Memory> ofKind = memories.stream().filter(memory -> memory.kind() == kind).toList();
    int excess = ofKind.size() + 1 - capacity;
    return ofKind.stream().limit(Math.max(0, excess)).map(Memory::id).toList();
  }

  /** This state after {@code added}, without the memories it evicted. */
  MemoryState added(Memory added, List<String> evicted) {
    Set<String> gone = new HashSet<>(evicted);
    gone.add(added.id());
    List<Memory> next = new ArrayList<>(memories.size() + 1);
    memories.stream().filter(memory -> !gone.contains(memory.id())).forEach(next::add);
    next.add(added);
    return new MemoryState(next);
  }

  /** This state without the memory {@code id}. */
  MemoryState without(String id) {
    return new MemoryState(memories.stream().filter(memory -> !memory.id().equals(id)).toList());
  }

  /**
   * The memories of {@code kinds} closest in meaning to {@code query}, closest first (ties: newest
   * first), at most {@code k} and at most {@code maxBytes} of them. Memories whose embeddings have
   * other dimensions than the query's (another model's) are not compared.
   */
  public List<ScoredMemory> search(UnitVector query, int k, Set<MemoryKind> kinds, long maxBytes) {
    List<ScoredMemory> scored = new ArrayList<>();
    for (int i = memories.size() - 1; i >= 0; i--) {
      Memory memory = memories.get(i);
      if (kinds.contains(memory.kind()) && memory.embedding().dimensions() == query.dimensions()) {
        scored.add(new ScoredMemory(memory, query.similarity(memory.embedding())));
      }
    }
    // Stable: equal scores keep the newest-first order they were added in.
    scored.sort(Comparator.comparingDouble(ScoredMemory::score).reversed());
    return within(scored, k, maxBytes, scoredMemory -> scoredMemory.memory().approximateBytes());
  }

  /**
   * The newest memories of {@code kinds}, newest first, at most {@code limit} and {@code maxBytes}.
   */
  public List<Memory> recent(Set<MemoryKind> kinds, int limit, long maxBytes) {
    List<Memory> recent = new ArrayList<>();
    for (int i = memories.size() - 1; i >= 0; i--) {
      if (kinds.contains(memories.get(i).kind())) {
        recent.add(memories.get(i));
      }
    }
    return within(recent, limit, maxBytes, Memory::approximateBytes);
  }

  private static <T> List<T> within(
      List<T> ordered, int limit, long maxBytes, ToIntFunction<T> bytes) {
    List<T> kept = new ArrayList<>();
    long total = 0;
    for (T item : ordered) {
      total += bytes.applyAsInt(item);
      if (kept.size() == limit || total > maxBytes) {
        break;
      }
      kept.add(item);
    }
    return kept;
  }
}
