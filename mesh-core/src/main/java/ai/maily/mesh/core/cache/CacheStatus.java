package ai.maily.mesh.core.cache;

import ai.maily.mesh.core.resilience.CircuitBreaker;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the API and {@code /health/ready} show of the cache.
 *
 * @param backend {@code local} (Caffeine in the node) or {@code redis}
 * @param degraded true while Redis is configured but calls are served by the local cache instead
 * @param breaker the breaker in front of Redis; null for the local backend
 * @param pendingInvalidations invalidations Redis missed during an outage, replayed before it is
 *     read again
 * @param localEntries entries in the node's in-process cache (the fallback, for Redis)
 * @param counters counts of every call since the node started
 * @param namespaces reads and writes per namespace since the node started ({@code embeddings.*},
 *     {@code agent-results}, ...), by name
 */
public record CacheStatus(
    String backend,
    boolean degraded,
    CircuitBreaker.Snapshot breaker,
    int pendingInvalidations,
    long localEntries,
    Counters counters,
    Map<String, NamespaceCounters> namespaces) {

  public CacheStatus {
    namespaces = Collections.unmodifiableMap(new TreeMap<>(namespaces));
  }

  /**
   * Counts since the node started.
   *
   * @param hits reads that found a value
   * @param misses reads that found none
   * @param puts values stored
   * @param invalidations scopes invalidated
   * @param errors Redis calls that failed
   * @param fallbacks calls the local cache served because Redis failed or its breaker was open
   */
  public record Counters(
      long hits, long misses, long puts, long invalidations, long errors, long fallbacks) {}

  /**
   * Counts of one namespace since the node started.
   *
   * @param hits reads that found a value
   * @param misses reads that found none
   * @param puts values stored
   */
  public record NamespaceCounters(long hits, long misses, long puts) {}
}
