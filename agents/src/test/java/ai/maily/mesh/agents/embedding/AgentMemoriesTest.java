package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.LocalMemories;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.TypedAgent;
import ai.maily.mesh.core.cache.CacheKey;
import ai.maily.mesh.core.cache.LocalCache;
import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.core.memory.AgentMemory;
import ai.maily.mesh.core.memory.Memory;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.NewMemory;
import ai.maily.mesh.core.memory.ScoredMemory;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agents' memory with the node's real embedding model: search by meaning, idempotent adds,
 * refusals that change nothing, tenants kept apart, the cache invalidated, and agents reading it
 * through their context.
 */
class AgentMemoriesTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Set<MemoryKind> ALL = EnumSet.allOf(MemoryKind.class);
  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final LocalMemories local =
      new LocalMemories(testKit, Set.of("brand-voice", "copywriter", "recaller"));
  private static final AgentMemories memories = local.memories();
  private static final LocalCache cache = local.cache();

  private String tenant;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static <T> T await(CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
  }

  private static ProblemException refusal(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ProblemException.class);
      return (ProblemException) e.getCause();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("the call succeeded");
  }

  private AgentMemory.Remembered add(String tenant, MemoryKind kind, String text) {
    return await(memories.add(tenant, "brand-voice", new NewMemory(null, kind, text, "alice")));
  }

  private void addBrand(String tenant) {
    add(tenant, MemoryKind.FACT, "Beanstalk is a small-batch coffee roaster in Portland, Oregon.");
    add(tenant, MemoryKind.PREFERENCE, "Never use 'act now' or 'limited time only' in our emails.");
    add(
        tenant,
        MemoryKind.APPROVED_EXAMPLE,
        "Cold mornings call for something cozy. Our Winter Blend has notes of dark chocolate and"
            + " toasted hazelnut.");
    add(tenant, MemoryKind.FEEDBACK, "The last subject lines were too long for phones.");
  }

  @Test
  void findsTheMemoriesClosestInMeaningWithTheirScores() {
    addBrand(tenant);

    List<ScoredMemory> found =
        await(memories.search(tenant, "brand-voice", "Where is the roastery located?", 4, ALL));

    assertThat(found).hasSize(4);
    assertThat(found.get(0).memory().text()).contains("Portland, Oregon");
    assertThat(found)
        .extracting(ScoredMemory::score)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(found.get(0).score()).isGreaterThan(0.3).isGreaterThan(found.get(1).score() + 0.1);
    List<ScoredMemory> tone =
        await(
            memories.search(
                tenant,
                "brand-voice",
                "phrases we must not write",
                1,
                Set.of(MemoryKind.PREFERENCE)));
    assertThat(tone)
        .singleElement()
        .satisfies(s -> assertThat(s.memory().text()).contains("act now"));
  }

  @Test
  void addingTheSameMemoryTwiceKeepsOne() {
    AgentMemory.Remembered first = add(tenant, MemoryKind.FACT, "Founded in 2012.");

    AgentMemory.Remembered again = add(tenant, MemoryKind.FACT, "  Founded in 2012. ");

    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.memory()).isEqualTo(first.memory());
    assertThat(await(memories.recent(tenant, "brand-voice", ALL, 10)).memories()).hasSize(1);
  }

  @Test
  void refusesBadInputAndStoresNothing() {
    ProblemException blank =
        refusal(
            memories.add(tenant, "brand-voice", new NewMemory(null, MemoryKind.FACT, " ", "a")));
    ProblemException unknownAgent =
        refusal(memories.add(tenant, "nobody", new NewMemory(null, MemoryKind.FACT, "x", "a")));
    ProblemException badK = refusal(memories.search(tenant, "brand-voice", "coffee", 0, ALL));
    add(tenant, MemoryKind.PREFERENCE, "Keep it warm.");
    ProblemException clash =
        refusal(
            memories.add(
                tenant,
                "brand-voice",
                new NewMemory(
                    add(tenant, MemoryKind.FACT, "Portland.").memory().id(),
                    MemoryKind.FACT,
                    "Seattle.",
                    "b")));

    assertThat(blank.problem().type()).isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(blank.problem().violations()).extracting(v -> v.field()).containsExactly("text");
    assertThat(unknownAgent.problem().type()).isEqualTo(ProblemType.NOT_FOUND);
    assertThat(badK.problem().violations()).extracting(v -> v.field()).containsExactly("k");
    assertThat(clash.problem().type()).isEqualTo(ProblemType.CONFLICT);
    assertThat(await(memories.recent(tenant, "brand-voice", ALL, 10)).memories())
        .extracting(Memory::text)
        .containsExactly("Portland.", "Keep it warm.");
  }

  @Test
  void oneTenantNeverSeesAnothersMemories() {
    String other = tenant + "-b";
    addBrand(tenant);
    add(other, MemoryKind.FACT, "Globex sells industrial adhesives.");

    List<ScoredMemory> found =
        await(memories.view(other, "brand-voice").search("coffee roaster in Portland", 10, ALL));

    assertThat(found)
        .extracting(s -> s.memory().text())
        .containsExactly("Globex sells industrial adhesives.");
    assertThat(await(memories.view(other, "copywriter").ofAgent("brand-voice").recent(ALL, 10)))
        .extracting(Memory::text)
        .containsExactly("Globex sells industrial adhesives.");
  }

  @Test
  void aChangeToATenantsMemoryDropsItsCachedResultsOnly() {
    String other = tenant + "-b";
    CacheKey mine = new CacheKey(AgentMemories.resultsScope(tenant), "a".repeat(64));
    CacheKey theirs = new CacheKey(AgentMemories.resultsScope(other), "a".repeat(64));
    cache.putText(mine, "old result", Duration.ofHours(1));
    cache.putText(theirs, "their result", Duration.ofHours(1));

    String id = add(tenant, MemoryKind.PREFERENCE, "No exclamation marks.").memory().id();

    assertThat(cache.getText(mine)).isEmpty();
    assertThat(cache.getText(theirs)).contains("their result");
    cache.putText(mine, "new result", Duration.ofHours(1));
    await(memories.forget(tenant, "brand-voice", id, "bob"));
    assertThat(cache.getText(mine)).isEmpty();
  }

  @Test
  void anAgentReadsItsTenantsMemoryThroughItsContext() {
    addBrand(tenant);
    add(tenant + "-b", MemoryKind.FACT, "Another tenant's fact.");
    Recaller recaller = new Recaller();
    var entity =
        testKit.spawn(
            AgentEntity.create(
                AgentEntity.entityId(tenant, "recaller", 0),
                AgentRegistry.of(List.of(recaller)),
                testKit.system(),
                memories::view));
    var outcomes = testKit.<AgentEntity.WorkOutcome>createTestProbe();

    entity.tell(
        new AgentEntity.Perform(
            new AgentRequest(
                "r1", tenant, "task-1", "step-1", JsonNodeFactory.instance.objectNode()),
            outcomes.ref()));

    AgentEntity.WorkOutcome outcome =
        outcomes.expectMessageClass(AgentEntity.WorkOutcome.class, PATIENCE);
    assertThat(outcome.status()).isEqualTo(AgentEntity.WorkOutcome.Status.COMPLETED);
    assertThat(outcome.output().data().get("closest").asText()).contains("Portland, Oregon");
    assertThat(outcome.output().data().get("count").asInt()).isEqualTo(4);
  }

  /** Reads the brand-voice memory of its tenant: how many there are, and the closest to a city. */
  private static final class Recaller extends TypedAgent<AgentRequest> {

    Recaller() {
      super(
          "recaller",
          "reads memory",
          JsonNodeFactory.instance.objectNode(),
          JsonNodeFactory.instance.objectNode());
    }

    @Override
    protected AgentRequest parse(AgentRequest request) {
      return request;
    }

    @Override
    protected CompletionStage<AgentOutput> start(AgentRequest request, AgentContext context) {
      var brand = context.memory().ofAgent("brand-voice");
      return brand
          .search("which city", 1, ALL)
          .thenCombine(
              brand.recent(ALL, 10),
              (closest, recent) -> {
                ObjectNode data = JsonNodeFactory.instance.objectNode();
                data.put("closest", closest.get(0).memory().text());
                data.put("count", recent.size());
                return new AgentOutput(data, "recalled");
              });
    }
  }
}
