package ai.maily.mesh.core.cache;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The cache's counters, in all and per namespace, updated from many threads at once. */
final class CacheCounters {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();
  private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

  /** Counts a read of {@code key} that found {@code value} (a miss when null). */
  <T> T read(CacheKey key, T value) {
    Namespace namespace = namespace(key);
    if (value == null) {
      misses.increment();
      namespace.misses.increment();
    } else {
      hits.increment();
      namespace.hits.increment();
    }
    return value;
  }

  void put(CacheKey key) {
    puts.increment();
    namespace(key).puts.increment();
  }

  void invalidation() {
    invalidations.increment();
  }

  void error() {
    errors.increment();
  }

  void fallback() {
    fallbacks.increment();
  }

  CacheStatus.Counters snapshot() {
    return new CacheStatus.Counters(
        hits.sum(), misses.sum(), puts.sum(), invalidations.sum(), errors.sum(), fallbacks.sum());
  }

  /** The counters of each namespace read or written since the node started, by name. */
  Map<String, CacheStatus.NamespaceCounters> byNamespace() {
    Map<String, CacheStatus.NamespaceCounters> snapshot = new TreeMap<>();
    namespaces.forEach((name, counters) -> snapshot.put(name, counters.snapshot()));
    return snapshot;
  }

  private Namespace namespace(CacheKey key) {
    return namespaces.computeIfAbsent(key.scope().namespace(), name -> new Namespace());
  }

  private static final class Namespace {
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder puts = new LongAdder();

    CacheStatus.NamespaceCounters snapshot() {
      return new CacheStatus.NamespaceCounters(hits.sum(), misses.sum(), puts.sum());
    }
  }
}
