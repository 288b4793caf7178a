package ai.maily.mesh.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CacheKeyTest {

  @Test
  void hashesTheContentWithSha256() {
    // FIPS 180-2's test vector for "abc".
    assertThat(CacheKey.ofText("embeddings", "acme", "abc").hash())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void equalContentFindsTheSameKeyAndOtherContentAnother() {
    assertThat(CacheKey.ofText("embeddings", "acme", "hello"))
        .isEqualTo(CacheKey.ofText("embeddings", "acme", "hello"))
        .isNotEqualTo(CacheKey.ofText("embeddings", "acme", "hello!"))
        .isNotEqualTo(CacheKey.ofText("embeddings", "globex", "hello"))
        .isNotEqualTo(CacheKey.ofText("results", "acme", "hello"));
  }

  @Test
  void storageKeyCarriesTheScopeAndItsGeneration() {
    CacheKey key = CacheKey.ofText("embeddings", "acme", "abc");
    assertThat(key.storageKey(7))
        .isEqualTo("mesh:cache:embeddings:acme:7:" + key.hash())
        .isNotEqualTo(key.storageKey(8));
    assertThat(key.scope().generationKey()).isEqualTo("mesh:cache-generation:embeddings:acme");
  }

  @Test
  void tenantsWithColonsGetKeysOfTheirOwn() {
    CacheKey plain = CacheKey.ofText("embeddings", "a", "abc");
    CacheKey colon = CacheKey.ofText("embeddings", "a:1", "abc");
    assertThat(colon.storageKey(0))
        .isNotEqualTo(plain.storageKey(1))
        .isNotEqualTo(plain.storageKey(0));
  }

  @Test
  void rejectsNamespacesThatCouldBreakTheKeyApart() {
    assertThatThrownBy(() -> CacheKey.ofText("embed:dings", "acme", "abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheKey.ofText("Embeddings", "acme", "abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CacheKey.ofText("embeddings", " ", "abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CacheKey(new CacheScope("embeddings", "acme"), "ABC"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
