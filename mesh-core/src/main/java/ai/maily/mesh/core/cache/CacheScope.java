package ai.maily.mesh.core.cache;

import java.util.regex.Pattern;

/**
 * What one invalidation clears: a namespace (what kind of value, e.g. {@code embeddings}) of one
 * tenant. Every entry lives in exactly one scope.
 *
 * @param namespace lower-case letters, digits, {@code .}, {@code _} or {@code -}, at most 64
 * @param tenant any non-blank text of at most 256 characters
 */
public record CacheScope(String namespace, String tenant) {

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int MAX_TENANT = 256;

  public CacheScope {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("a cache namespace must match " + NAMESPACE);
    }
    if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT) {
      throw new IllegalArgumentException(
          "a cache tenant must be non-blank and at most " + MAX_TENANT + " characters");
    }
  }

  /**
   * The Redis key holding this scope's generation, the number every entry key carries: an
   * invalidation increments it, so that the scope's older entries are never read again and expire.
   */
  public String generationKey() {
    return "mesh:cache-generation:" + namespace + ":" + tenant;
  }
}
