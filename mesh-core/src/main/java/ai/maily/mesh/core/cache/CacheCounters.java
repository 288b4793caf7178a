package ai.maily.mesh.core.cache;

import java.util.concurrent.atomic.LongAdder;

/** The cache's counters, updated from many threads at once. */
final class CacheCounters {

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder fallbacks = new LongAdder();

  <T> T read(T value) {
    (value == null ? misses : hits).increment();
    return value;
  }

  void put() {
    puts.increment();
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
}
