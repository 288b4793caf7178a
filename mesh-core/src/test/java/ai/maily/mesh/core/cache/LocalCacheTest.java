package ai.maily.mesh.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalCacheTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final LocalCache cache = new LocalCache(1 << 20, ticker);

  @Test
  void returnsWhatWasPutUntilItsTtlPasses() {
    CacheKey shortLived = CacheKey.ofText("embeddings", "acme", "short");
    CacheKey longLived = CacheKey.ofText("embeddings", "acme", "long");
    cache.putText(shortLived, "one", Duration.ofSeconds(10));
    cache.putText(longLived, "two", Duration.ofMinutes(10));

    assertThat(cache.getText(shortLived)).contains("one");
    advance(Duration.ofSeconds(11));
    assertThat(cache.getText(shortLived)).isEmpty();
    assertThat(cache.getText(longLived)).contains("two");
    advance(Duration.ofMinutes(10));
    assertThat(cache.getText(longLived)).isEmpty();
  }

  @Test
  void aPutReplacesTheValueAndItsTtl() {
    CacheKey key = CacheKey.ofText("embeddings", "acme", "text");
    cache.putText(key, "old", Duration.ofSeconds(10));
    cache.putText(key, "new", Duration.ofMinutes(1));
    advance(Duration.ofSeconds(30));
    assertThat(cache.getText(key)).contains("new");
  }

  @Test
  void invalidatingAScopeDropsItsEntriesAndNoOthers() {
    CacheKey acme = CacheKey.ofText("results", "acme", "brief");
    CacheKey acmeColon = CacheKey.ofText("results", "acme:eu", "brief");
    CacheKey globex = CacheKey.ofText("results", "globex", "brief");
    CacheKey acmeEmbedding = CacheKey.ofText("embeddings", "acme", "brief");
    for (CacheKey key : new CacheKey[] {acme, acmeColon, globex, acmeEmbedding}) {
      cache.putText(key, key.scope().toString(), Duration.ofMinutes(1));
    }

    cache.invalidate(new CacheScope("results", "acme"));

    assertThat(cache.get(acme)).isEmpty();
    assertThat(cache.get(acmeColon)).isPresent();
    assertThat(cache.get(globex)).isPresent();
    assertThat(cache.get(acmeEmbedding)).isPresent();
    assertThat(cache.status().localEntries()).isEqualTo(3);

    cache.putText(acme, "after", Duration.ofMinutes(1));
    assertThat(cache.getText(acme)).contains("after");
  }

  @Test
  void countsHitsMissesPutsAndInvalidations() {
    CacheKey key = CacheKey.ofText("embeddings", "acme", "text");
    cache.get(key);
    cache.putText(key, "v", Duration.ofMinutes(1));
    cache.get(key);
    cache.get(key);
    cache.invalidate(key.scope());

    CacheStatus status = cache.status();
    assertThat(status.backend()).isEqualTo("local");
    assertThat(status.degraded()).isFalse();
    assertThat(status.breaker()).isNull();
    assertThat(status.counters()).isEqualTo(new CacheStatus.Counters(2, 1, 1, 1, 0, 0));
  }

  @Test
  void keepsItsOwnCopyOfValues() {
    CacheKey key = CacheKey.of("embeddings", "acme", new byte[] {1});
    byte[] value = {1, 2, 3};
    cache.put(key, value, Duration.ofMinutes(1));
    value[0] = 9;
    cache.get(key).orElseThrow()[1] = 9;
    assertThat(cache.get(key)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
  }

  @Test
  void staysWithinItsBytes() {
    LocalCache small = new LocalCache(64 * 1024, ticker);
    for (int i = 0; i < 100; i++) {
      small.put(
          CacheKey.ofText("embeddings", "acme", "text " + i),
          new byte[4096],
          Duration.ofMinutes(1));
    }
    assertThat(small.status().localEntries()).isLessThanOrEqualTo(16);
  }

  @Test
  void rejectsEntriesWithoutALifetime() {
    CacheKey key = CacheKey.ofText("embeddings", "acme", "text");
    assertThatThrownBy(() -> cache.putText(key, "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }
}
