package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.cache.CacheSettings;
import ai.maily.mesh.core.cache.CacheStatus;
import ai.maily.mesh.core.cache.LocalCache;
import ai.maily.mesh.core.cache.RedisCache;
import ai.maily.mesh.core.memory.AgentMemories;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The host's reuse of an opted-in agent's results (ADR 0027, agents' results), on Caffeine and on
 * the local Redis: a hit answers without running the skill, a memory change or another tenant
 * misses, and failures and unreusable outputs are never stored. Every test uses tenants of its own.
 */
class ResultCacheTest {

  private static final Duration TTL = Duration.ofMinutes(5);

  private final String tenant = "results-" + UUID.randomUUID();
  private Cache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void aHitAnswersTheSameOutputWithoutRunningTheSkill(String backend) throws Exception {
    open(backend);
    Counting agent = new Counting(ResultCaching.always("v1", false), Counting::echo);

    AgentOutput first = run(agent, tenant, input("FREE GIFT"));
    AgentOutput second = run(agent, tenant, input("FREE GIFT"));

    assertThat(agent.calls()).isOne();
    assertThat(second).isEqualTo(first);
    assertThat(cache.status().namespaces())
        .containsEntry(ResultCache.INPUT_ONLY, new CacheStatus.NamespaceCounters(1, 1, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void aMemoryChangeMakesTheNextRunOfAMemoryReaderAMiss(String backend) throws Exception {
    open(backend);
    Counting reader = new Counting(ResultCaching.always("v1", true), Counting::echo);
    Counting inputOnly = new Counting(ResultCaching.always("v1", false), Counting::echo);
    run(reader, tenant, input("Hello"));
    run(inputOnly, tenant, input("Hello"));

    cache.invalidate(AgentMemories.resultsScope(tenant));
    run(reader, tenant, input("Hello"));
    run(inputOnly, tenant, input("Hello"));

    assertThat(reader.calls()).isEqualTo(2);
    assertThat(inputOnly.calls()).isOne();
    run(reader, tenant, input("Hello"));
    assertThat(reader.calls()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void aResultComputedWhileTheMemoryChangedIsNeverServed(String backend) throws Exception {
    open(backend);
    Counting reader =
        new Counting(
            ResultCaching.always("v1", true),
            (request, calls) -> {
              if (calls == 1) {
                // The tenant's memory changes while the agent runs on what it read before.
                cache.invalidate(AgentMemories.resultsScope(tenant));
              }
              return Counting.echo(request, calls);
            });

    run(reader, tenant, input("Hello"));
    run(reader, tenant, input("Hello"));
    run(reader, tenant, input("Hello"));

    assertThat(reader.calls()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "redis"})
  void oneTenantsResultNeverServesAnother(String backend) throws Exception {
    open(backend);
    Counting agent = new Counting(ResultCaching.always("v1", true), Counting::echo);
    String other = "results-" + UUID.randomUUID();

    AgentOutput mine = run(agent, tenant, input("Hello"));
    AgentOutput theirs = run(agent, other, input("Hello"));

    assertThat(agent.calls()).isEqualTo(2);
    assertThat(mine.summary()).isEqualTo("call 1 for " + tenant);
    assertThat(theirs.summary()).isEqualTo("call 2 for " + other);
  }

  @Test
  void anotherInputOrFingerprintIsAMiss() throws Exception {
    open("local");
    Counting v1 = new Counting(ResultCaching.always("v1", false), Counting::echo);
    Counting v2 = new Counting(ResultCaching.always("v2", false), Counting::echo);

    run(v1, tenant, input("Hello"));
    run(v1, tenant, input("Hello!"));
    run(v2, tenant, input("Hello"));

    assertThat(v1.calls()).isEqualTo(2);
    assertThat(v2.calls()).isOne();
  }

  @Test
  void equalInputsInAnotherKeyOrderHit() throws Exception {
    open("local");
    Counting agent = new Counting(ResultCaching.always("v1", false), Counting::echo);
    ObjectNode ab = JsonNodeFactory.instance.objectNode().put("a", 1).put("b", 2);
    ObjectNode ba = JsonNodeFactory.instance.objectNode().put("b", 2).put("a", 1);

    run(agent, tenant, ab);
    run(agent, tenant, ba);

    assertThat(agent.calls()).isOne();
  }

  @Test
  void failuresAndUnreusableOutputsAreNeverStored() throws Exception {
    open("local");
    Counting failing =
        new Counting(
            ResultCaching.always("v1", false),
            (request, calls) -> {
              throw AgentFailure.transientFault("the model is down");
            });
    Counting written =
        new Counting(
            new ResultCaching("v1", false, output -> !output.summary().contains("llm")),
            (request, calls) -> new AgentOutput(request.input(), "written by llm"));

    for (int i = 0; i < 2; i++) {
      assertThat(
              AgentWork.start(
                  failing, request(tenant, input("x")), context(tenant), results(failing)))
          .failsWithin(Duration.ZERO);
      run(written, tenant, input("x"));
    }

    assertThat(failing.calls()).isEqualTo(2);
    assertThat(written.calls()).isEqualTo(2);
    assertThat(cache.status().counters().puts()).isZero();
  }

  @Test
  void anAgentThatDidNotOptInIsNeverLookedUp() {
    assertThat(ResultCache.of(TestAgents.echo("echo"), () -> cache, TTL)).isEmpty();
  }

  private void open(String backend) {
    if (backend.equals("redis")) {
      LocalServices.requireRedis();
      cache =
          RedisCache.open(
              new CacheSettings(
                  Optional.of(LocalServices.REDIS_URI),
                  1 << 20,
                  Duration.ofMillis(500),
                  4,
                  3,
                  Duration.ofSeconds(5)));
    } else {
      cache = new LocalCache(1 << 20, Ticker.systemTicker());
    }
  }

  private AgentOutput run(Agent agent, String tenant, JsonNode input) throws Exception {
    return AgentWork.start(agent, request(tenant, input), context(tenant), results(agent)).get();
  }

  private Optional<ResultCache> results(Agent agent) {
    return ResultCache.of(agent, () -> cache, TTL);
  }

  private static AgentRequest request(String tenant, JsonNode input) {
    return new AgentRequest(UUID.randomUUID().toString(), tenant, "t1", "s1", input);
  }

  private static AgentContext context(String tenant) {
    return new AgentContext(
        tenant,
        "counting",
        Runnable::run,
        Clock.systemUTC(),
        LoggerFactory.getLogger("test"),
        null);
  }

  private static JsonNode input(String subject) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.putObject("input").putObject("email").put("subject", subject);
    return input;
  }

  /** An agent that opted in to result caching and counts the times its skill runs. */
  private static final class Counting extends TypedAgent<AgentRequest> {
    private static final JsonNode ANY_OBJECT =
        JsonNodeFactory.instance.objectNode().put("type", "object");

    private final ResultCaching caching;
    private final BiFunction<AgentRequest, Integer, AgentOutput> skill;
    private final AtomicInteger calls = new AtomicInteger();

    Counting(ResultCaching caching, BiFunction<AgentRequest, Integer, AgentOutput> skill) {
      super("counting", "counts its runs", ANY_OBJECT, ANY_OBJECT);
      this.caching = caching;
      this.skill = skill;
    }

    static AgentOutput echo(AgentRequest request, int calls) {
      return new AgentOutput(request.input(), "call " + calls + " for " + request.tenant());
    }

    @Override
    public Optional<ResultCaching> resultCaching() {
      return Optional.of(caching);
    }

    @Override
    protected AgentRequest parse(AgentRequest request) {
      return request;
    }

    @Override
    protected CompletionStage<AgentOutput> start(AgentRequest request, AgentContext context) {
      return CompletableFuture.completedFuture(skill.apply(request, calls.incrementAndGet()));
    }

    int calls() {
      return calls.get();
    }
  }
}
