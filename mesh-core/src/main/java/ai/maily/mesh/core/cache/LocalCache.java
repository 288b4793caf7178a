package ai.maily.mesh.core.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache inside the node (Caffeine): the embedded default, and what serves a Redis-backed cache
 * while Redis is unreachable. Bounded by its entries' bytes; each entry expires after its own TTL.
 *
 * <p>An invalidation moves the scope to its next generation, so that an entry being put while it
 * runs can never be read afterwards, and drops the scope's entries to free their memory.
 */
public final class LocalCache implements Cache {

  /** Where an entry lives: the scope's generation it was put in, and its content hash. */
  private record Slot(CacheScope scope, long generation, String hash) {}

  // What a slot costs beyond its value and tenant: the record, the hash, the cache's node.
  private static final int SLOT_OVERHEAD = 160;

  private final com.github.benmanes.caffeine.cache.Cache<Slot, byte[]> entries;
  private final Policy.VarExpiration<Slot, byte[]> expiration;
  private final Map<CacheScope, Long> generations = new ConcurrentHashMap<>();
  private final CacheCounters counters = new CacheCounters();

  /**
   * @param maxBytes the bound on the entries' bytes, values and keys
   * @param ticker the clock of expiry; a test's own ticker moves time without waiting
   */
  public LocalCache(long maxBytes, Ticker ticker) {
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher(
                (Slot slot, byte[] value) ->
                    SLOT_OVERHEAD + 2 * slot.scope().tenant().length() + value.length)
            .expireAfter(new PerEntryTtl())
            .ticker(ticker)
            .build();
    this.expiration = entries.policy().expireVariably().orElseThrow();
  }

  @Override
  public Optional<byte[]> get(CacheKey key) {
    return Optional.ofNullable(counters.read(key, lookup(key)));
  }

  @Override
  public void put(CacheKey key, byte[] value, Duration ttl) {
    store(key, value, ttl);
    counters.put(key);
  }

  @Override
  public void invalidate(CacheScope scope) {
    drop(scope);
    counters.invalidation();
  }

  @Override
  public long generation(CacheScope scope) {
    return generations.getOrDefault(scope, 0L);
  }

  @Override
  public CacheStatus status() {
    return new CacheStatus(
        "local", false, null, 0, entries(), counters.snapshot(), counters.byNamespace());
  }

  /** A copy of the entry under {@code key}, or null; counts nothing. */
  byte[] lookup(CacheKey key) {
    byte[] value = entries.getIfPresent(slot(key));
    return value == null ? null : value.clone();
  }

  /** Stores an entry; counts nothing. */
  void store(CacheKey key, byte[] value, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a cache entry's TTL must be positive, got " + ttl);
    }
    expiration.put(slot(key), value.clone(), ttl);
  }

  /** Invalidates {@code scope}; counts nothing. */
  void drop(CacheScope scope) {
    generations.merge(scope, 1L, Long::sum);
    entries.asMap().keySet().removeIf(slot -> slot.scope().equals(scope));
  }

  /** Drops every entry, whatever its scope. */
  void clear() {
    entries.invalidateAll();
  }

  long entries() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  private Slot slot(CacheKey key) {
    return new Slot(key.scope(), generation(key.scope()), key.hash());
  }

  /** Every entry is put with its own TTL through {@link Policy.VarExpiration#put}. */
  private static final class PerEntryTtl implements Expiry<Slot, byte[]> {

    @Override
    public long expireAfterCreate(Slot slot, byte[] value, long currentTime) {
      // Not consulted: puts pass their TTL. Expire at once if something else ever creates one.
      return 0;
    }

    @Override
    public long expireAfterUpdate(
        Slot slot, byte[] value, long currentTime, long currentDurationNanos) {
      return currentDurationNanos;
    }

    @Override
    public long expireAfterRead(
        Slot slot, byte[] value, long currentTime, long currentDurationNanos) {
      return currentDurationNanos;
    }
  }
}
