package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.cache.CacheKey;
import ai.maily.mesh.core.cache.CacheScope;
import ai.maily.mesh.core.cache.NodeCache;
import ai.maily.mesh.core.memory.AgentMemories;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The reused results of one agent type that opted in with {@link ResultCaching}, in the node's
 * {@link Cache} (ADR 0027, agents' results). A result that read the tenant's memory lives in {@link
 * AgentMemories#resultsScope}, which every memory change invalidates, and its key holds the
 * generation read before the agent ran; any other lives in {@link #INPUT_ONLY}, per tenant.
 */
final class ResultCache {

  /** The namespace of results that depend on the input alone, which memory changes keep. */
  static final String INPUT_ONLY = "agent-results.input-only";

  private final String agentType;
  private final ResultCaching caching;
  private final Cache cache;
  private final Duration ttl;

  private ResultCache(String agentType, ResultCaching caching, Cache cache, Duration ttl) {
    this.agentType = agentType;
    this.caching = caching;
    this.cache = cache;
    this.ttl = ttl;
  }

  /** The cache of {@code agent}'s results on {@code system}'s node, if the agent opted in. */
  static Optional<ResultCache> of(Agent agent, ActorSystem<?> system, Duration ttl) {
    return of(agent, () -> NodeCache.get(system).cache(), ttl);
  }

  /** The cache of {@code agent}'s results in {@code cache}, if the agent opted in. */
  static Optional<ResultCache> of(Agent agent, Supplier<Cache> cache, Duration ttl) {
    return agent
        .resultCaching()
        .map(caching -> new ResultCache(agent.name(), caching, cache.get(), ttl));
  }

  /**
   * The key of {@code request}'s result and the result, if it is there. Blocks on the cache: call
   * it on the blocking executor.
   */
  Lookup lookup(AgentRequest request, AgentContext context) {
    CacheKey key = key(request, context.tenant());
    return new Lookup(key, cache.get(key).flatMap(ResultCache::decode));
  }

  /** Stores {@code output} under {@code key} if the agent calls it reusable; blocks like lookup. */
  AgentOutput store(CacheKey key, AgentOutput output) {
    if (output != null && caching.reusable().test(output)) {
      cache.put(key, Json.bytes(output), ttl);
    }
    return output;
  }

  private CacheKey key(AgentRequest request, String tenant) {
    CacheScope scope =
        caching.readsMemory()
            ? AgentMemories.resultsScope(tenant)
            : new CacheScope(INPUT_ONLY, tenant);
    String generation = caching.readsMemory() ? Long.toString(cache.generation(scope)) : "-";
    return CacheKey.ofText(
        scope.namespace(),
        tenant,
        String.join(
            "\n",
            agentType,
            caching.fingerprint(),
            tenant,
            generation,
            Json.canonical(request.input())));
  }

  // A value that does not read back (another version's, a foreign one) is a miss.
  private static Optional<AgentOutput> decode(byte[] value) {
    try {
      JsonNode stored = Json.MAPPER.readTree(value);
      JsonNode data = stored.get("data");
      JsonNode summary = stored.get("summary");
      if (data == null || summary == null || !summary.isTextual()) {
        return Optional.empty();
      }
      return Optional.of(new AgentOutput(data, summary.asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * What a lookup found.
   *
   * @param key where the request's result is stored
   * @param hit the stored result, if there is one
   */
  record Lookup(CacheKey key, Optional<AgentOutput> hit) {}
}
