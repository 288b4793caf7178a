package ai.maily.mesh.core.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Where a cached value lives: its scope and the SHA-256 of the content it was computed from (the
 * text that was embedded, the canonical input of an agent's step), so equal content finds the same
 * entry on every node.
 *
 * @param hash 64 lower-case hex digits
 */
public record CacheKey(CacheScope scope, String hash) {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  public CacheKey {
    if (scope == null) {
      throw new IllegalArgumentException("a cache key needs a scope");
    }
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException("a cache key's hash must be 64 lower-case hex digits");
    }
  }

  /** The key of the value computed from {@code content} in {@code namespace} for {@code tenant}. */
  public static CacheKey of(String namespace, String tenant, byte[] content) {
    return new CacheKey(new CacheScope(namespace, tenant), sha256(content));
  }

  /** The key of the value computed from {@code content}, hashed as UTF-8. */
  public static CacheKey ofText(String namespace, String tenant, String content) {
    return of(namespace, tenant, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key under which the entry is stored while its scope is at {@code generation}: {@code
   * mesh:cache:<namespace>:<tenant>:<generation>:<hash>}. It reads back unambiguously even when the
   * tenant holds a colon: the namespace has none, and the last two parts are a number and a hash.
   */
  public String storageKey(long generation) {
    return "mesh:cache:" + scope.namespace() + ":" + scope.tenant() + ":" + generation + ":" + hash;
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
