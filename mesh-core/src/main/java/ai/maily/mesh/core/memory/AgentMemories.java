package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.cache.CacheScope;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' memory as the rest of the node uses it: the edge adds, searches and forgets memories
 * for a tenant, and each agent entity hands its agent a {@link MemoryView}. Texts are embedded
 * here, through the {@link TextEmbedder} port, before the tenant's {@link AgentMemory} entity is
 * asked; after a memory changes, the tenant's cached agent results ({@link #resultsScope}) are
 * invalidated before the change is answered (ADR 0030).
 */
public final class AgentMemories {

  /**
   * The cache namespace of results computed from agents' memories: an agent that caches a result
   * which read memory keys it in {@link #resultsScope} of the tenant, and any change to the
   * tenant's memories drops it.
   */
  public static final String RESULTS_NAMESPACE = "agent-results";

  private static final Logger LOG = LoggerFactory.getLogger(AgentMemories.class);

  private final ActorSystem<?> system;
  private final Function<String, RecipientRef<AgentMemory.Command>> entities;
  private final Predicate<String> knownAgent;
  private final TextEmbedder embedder;
  private final Cache cache;
  private final Executor blocking;
  private final MemorySettings settings;
  private final Duration askTimeout;

  /**
   * @param entities the memory entity of an entity id ({@link AgentMemory#entityId}): sharding in a
   *     node, spawned entities in tests
   * @param knownAgent whether an agent type is hosted; the memory of any other is not found
   * @param cache where agents' results are cached, invalidated when a tenant's memory changes
   */
  public AgentMemories(
      ActorSystem<?> system,
      Function<String, RecipientRef<AgentMemory.Command>> entities,
      Predicate<String> knownAgent,
      TextEmbedder embedder,
      Cache cache) {
    this.system = system;
    this.entities = entities;
    this.knownAgent = knownAgent;
    this.embedder = embedder;
    this.cache = cache;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    this.settings = MemorySettings.fromConfig(system.settings().config());
    this.askTimeout = system.settings().config().getDuration("mesh.ask-timeout");
  }

  /** Registers the memory entities with sharding and answers the memory that uses them. */
  public static AgentMemories init(
      ActorSystem<?> system, AgentRegistry agents, TextEmbedder embedder, Cache cache) {
    AgentMemory.init(system, MemorySettings.fromConfig(system.settings().config()));
    ClusterSharding sharding = ClusterSharding.get(system);
    return new AgentMemories(
        system,
        entityId -> sharding.entityRefFor(AgentMemory.ENTITY_KEY, entityId),
        agents::contains,
        embedder,
        cache);
  }

  /** The cache scope of {@code tenant}'s results that read memory ({@link #RESULTS_NAMESPACE}). */
  public static CacheScope resultsScope(String tenant) {
    return new CacheScope(RESULTS_NAMESPACE, tenant);
  }

  public MemorySettings settings() {
    return settings;
  }

  /**
   * Adds {@code memory} to the tenant's memory of {@code agentType}; answers it stored, or as it
   * was when the same memory was added before.
   */
  public CompletionStage<AgentMemory.Remembered> add(
      String tenant, String agentType, NewMemory memory) {
    return guarded(
        () -> {
          checkAgent(agentType);
          List<Violation> problems = memory.problems(settings);
          if (!problems.isEmpty()) {
            throw invalid(problems.size() + " problem(s) in the memory", problems);
          }
          return embed(memory.storedText())
              .thenCompose(
                  vector ->
                      ask(
                          tenant,
                          agentType,
                          replyTo -> new AgentMemory.Remember(memory, vector, replyTo)))
              .thenApply(AgentMemory.Remembered.class::cast)
              .thenCompose(
                  remembered ->
                      remembered.created()
                          ? invalidateResults(tenant).thenApply(done -> remembered)
                          : CompletableFuture.completedFuture(remembered));
        });
  }

  /**
   * The memories of {@code kinds} closest in meaning to {@code query}, closest first.
   *
   * @param k 1 to {@code mesh.memory.max-results}
   */
  public CompletionStage<List<ScoredMemory>> search(
      String tenant, String agentType, String query, int k, Set<MemoryKind> kinds) {
    return guarded(
        () -> {
          checkAgent(agentType);
          List<Violation> problems = queryProblems(query, k, kinds);
          if (!problems.isEmpty()) {
            throw invalid(problems.size() + " problem(s) in the search", problems);
          }
          return embed(query.strip())
              .thenCompose(
                  vector ->
                      ask(
                          tenant,
                          agentType,
                          replyTo -> new AgentMemory.Search(vector, k, kinds, replyTo)))
              .thenApply(reply -> ((AgentMemory.Found) reply).memories());
        });
  }

  /**
   * The newest memories of {@code kinds}, newest first, and how many of each kind there are.
   *
   * @param limit 1 to {@code mesh.memory.max-results}
   */
  public CompletionStage<AgentMemory.Listed> recent(
      String tenant, String agentType, Set<MemoryKind> kinds, int limit) {
    return guarded(
        () -> {
          checkAgent(agentType);
          List<Violation> problems = limitProblems("k", limit, kinds);
          if (!problems.isEmpty()) {
            throw invalid(problems.size() + " problem(s) in the listing", problems);
          }
          return ask(tenant, agentType, replyTo -> new AgentMemory.Recent(kinds, limit, replyTo))
              .thenApply(AgentMemory.Listed.class::cast);
        });
  }

  /** Forgets the memory {@code id}; a memory that is not there is not found. */
  public CompletionStage<AgentMemory.Forgotten> forget(
      String tenant, String agentType, String id, String by) {
    return guarded(
        () -> {
          checkAgent(agentType);
          if (!NewMemory.ID.matcher(id).matches()) {
            throw ProblemException.of(ProblemType.NOT_FOUND, "no memory '" + id + "' to forget");
          }
          return ask(tenant, agentType, replyTo -> new AgentMemory.Forget(id, by, replyTo))
              .thenApply(AgentMemory.Forgotten.class::cast)
              .thenCompose(forgotten -> invalidateResults(tenant).thenApply(done -> forgotten));
        });
  }

  /**
   * What an agent of {@code agentType} reads of {@code tenant}'s memory while it performs. Its
   * reads ask for at most {@code mesh.memory.max-results} memories, whatever they are given.
   */
  public MemoryView view(String tenant, String agentType) {
    return new TenantView(tenant, agentType);
  }

  private final class TenantView implements MemoryView {

    private final String tenant;
    private final String agentType;

    TenantView(String tenant, String agentType) {
      this.tenant = tenant;
      this.agentType = agentType;
    }

    @Override
    public CompletionStage<List<ScoredMemory>> search(String query, int k, Set<MemoryKind> kinds) {
      return AgentMemories.this.search(tenant, agentType, query, clamped(k), kinds);
    }

    @Override
    public CompletionStage<List<Memory>> recent(Set<MemoryKind> kinds, int limit) {
      return AgentMemories.this
          .recent(tenant, agentType, kinds, clamped(limit))
          .thenApply(AgentMemory.Listed::memories);
    }

    @Override
    public CompletionStage<AgentMemory.Remembered> remember(NewMemory memory) {
      return add(tenant, agentType, memory);
    }

    @Override
    public MemoryView ofAgent(String otherType) {
      return new TenantView(tenant, otherType);
    }

    private int clamped(int requested) {
      return Math.max(1, Math.min(requested, settings.maxResults()));
    }
  }

  private List<Violation> queryProblems(String query, int k, Set<MemoryKind> kinds) {
    List<Violation> problems = limitProblems("k", k, kinds);
    if (query == null || query.isBlank()) {
      problems.add(new Violation("query", "is required and must not be blank"));
    } else if (query.strip().length() > settings.maxTextLength()) {
      problems.add(
          new Violation("query", "must have at most " + settings.maxTextLength() + " characters"));
    }
    return problems;
  }

  private List<Violation> limitProblems(String field, int limit, Set<MemoryKind> kinds) {
    List<Violation> problems = new ArrayList<>();
    if (limit < 1 || limit > settings.maxResults()) {
      problems.add(new Violation(field, "must be between 1 and " + settings.maxResults()));
    }
    if (kinds.isEmpty()) {
      problems.add(new Violation("kind", "name at least one of: " + MemoryKind.labels()));
    }
    return problems;
  }

  private void checkAgent(String agentType) {
    if (!knownAgent.test(agentType)) {
      throw ProblemException.of(ProblemType.NOT_FOUND, "unknown agent '" + agentType + "'");
    }
  }

  private CompletionStage<UnitVector> embed(String text) {
    CompletionStage<UnitVector> embedded;
    try {
      embedded = embedder.embed(text);
    } catch (RuntimeException e) {
      embedded = CompletableFuture.failedFuture(e);
    }
    return embedded.exceptionally(
        error -> {
          LOG.warn("the memory's embedder failed: {}", error.toString());
          throw ProblemException.of(
              ProblemType.UNAVAILABLE,
              "the embedding model cannot embed the text now; retry with backoff");
        });
  }

  private CompletionStage<AgentMemory.MemoryReply> ask(
      String tenant,
      String agentType,
      Function<ActorRef<AgentMemory.MemoryReply>, AgentMemory.Command> command) {
    return AskPattern.ask(
            entities.apply(AgentMemory.entityId(tenant, agentType)),
            command::apply,
            askTimeout,
            system.scheduler())
        .thenApply(
            reply -> {
              if (reply instanceof AgentMemory.Refused refused) {
                throw new ProblemException(
                    new Problem(
                        refused.rejection().type(),
                        refused.rejection().detail(),
                        refused.problems()));
              }
              return reply;
            });
  }

  /** Drops the tenant's cached results that read memory; the cache may block, so not here. */
  private CompletionStage<Void> invalidateResults(String tenant) {
    return CompletableFuture.runAsync(() -> cache.invalidate(resultsScope(tenant)), blocking)
        .exceptionally(
            error -> {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              LOG.warn("could not invalidate the cached results of tenant {}", tenant, cause);
              return null;
            });
  }

  private static ProblemException invalid(String detail, List<Violation> problems) {
    return new ProblemException(new Problem(ProblemType.INVALID_REQUEST, detail, problems));
  }

  /** Runs {@code call}, turning a problem it throws into a failed stage. */
  private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (ProblemException problem) {
      return CompletableFuture.failedFuture(problem);
    }
  }
}
