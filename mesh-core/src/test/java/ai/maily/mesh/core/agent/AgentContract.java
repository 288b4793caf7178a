package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.memory.MemoryView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The {@link Agent} contract, checked for every agent the node would load: those of the {@link
 * AgentProvider}s on the class path ({@link AgentRegistry#load}). A module that offers agents
 * extends this class once, giving a sample input for each of its agents; an agent without one
 * fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AgentContract {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Step inputs no agent can work with: the task input is not an object. */
  private static final List<JsonNode> BAD_STEP_INPUTS =
      List.of(
          stepInput(JsonNodeFactory.instance.textNode("not an object")),
          stepInput(JsonNodeFactory.instance.arrayNode().add("not").add("an").add("object")));

  private final AtomicReference<Thread> blockingThread = new AtomicReference<>();
  private final ExecutorService blocking =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "agent-contract-blocking");
            blockingThread.set(thread);
            return thread;
          });

  /**
   * A step input ({@code {"input": <task input>, "deps": {...}}}) that {@code agent} works on
   * successfully.
   *
   * @throws AssertionError for an agent this module does not know
   */
  protected abstract JsonNode sampleStepInput(String agent);

  /** The node's actor system, for agents that use the node's services; null if none does. */
  protected ActorSystem<?> system() {
    return null;
  }

  /** A step input with this task input and no dependencies. */
  protected static ObjectNode stepInput(JsonNode taskInput) {
    ObjectNode stepInput = JsonNodeFactory.instance.objectNode();
    stepInput.set("input", taskInput);
    stepInput.putObject("deps");
    return stepInput;
  }

  Stream<String> registeredAgents() {
    return registry().all().stream().map(Agent::name);
  }

  @AfterAll
  void stopBlockingExecutor() {
    blocking.shutdownNow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registeredAgents")
  void publishesValidJsonSchemas(String name) {
    Agent agent = agent(name);

    assertThat(agent.description()).isNotBlank();
    assertThat(SchemaConformance.schemaViolations(agent.inputSchema())).isEmpty();
    assertThat(SchemaConformance.schemaViolations(agent.outputSchema())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registeredAgents")
  void failsBadInputAsNotRetryable(String name) {
    Agent agent = agent(name);

    for (JsonNode bad : BAD_STEP_INPUTS) {
      assertThat(AgentWork.start(agent, request(bad), context(agent)))
          .as("%s given %s", name, bad)
          .failsWithin(PATIENCE)
          .withThrowableOfType(ExecutionException.class)
          .havingCause()
          .isInstanceOfSatisfying(
              AgentFailure.class, failure -> assertThat(failure.retryable()).isFalse());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registeredAgents")
  void answersItsSampleOnTheBlockingExecutorWithOutputMatchingItsSchema(String name)
      throws Exception {
    Agent agent = agent(name);
    AtomicReference<Thread> performedOn = new AtomicReference<>();

    AgentOutput output =
        AgentWork.start(watched(agent, performedOn), request(sampleStepInput(name)), context(agent))
            .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

    assertThat(performedOn.get())
        .isNotSameAs(Thread.currentThread())
        .isSameAs(blockingThread.get());
    assertThat(output.summary()).isNotBlank();
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
  }

  private AgentRegistry registry() {
    ActorSystem<?> system = system();
    return AgentRegistry.load(system == null ? ConfigFactory.empty() : system.settings().config());
  }

  private Agent agent(String name) {
    return registry().find(name).orElseThrow();
  }

  /**
   * The memory the agents are given, of tenant {@code acme}: none unless a subclass keeps one, for
   * agents that write to it.
   */
  protected MemoryView memory(String agentType) {
    return MemoryView.NONE;
  }

  private AgentContext context(Agent agent) {
    return new AgentContext(
        "acme",
        agent.name(),
        blocking,
        Clock.systemUTC(),
        LoggerFactory.getLogger(getClass()),
        system(),
        memory(agent.name()));
  }

  private static AgentRequest request(JsonNode stepInput) {
    return new AgentRequest("contract-1", "acme", "task-1", "step-1", stepInput);
  }

  /** {@code agent}, noting the thread that calls its {@link Agent#perform}. */
  private static Agent watched(Agent agent, AtomicReference<Thread> performedOn) {
    return new Agent() {
      @Override
      public String name() {
        return agent.name();
      }

      @Override
      public String description() {
        return agent.description();
      }

      @Override
      public JsonNode inputSchema() {
        return agent.inputSchema();
      }

      @Override
      public JsonNode outputSchema() {
        return agent.outputSchema();
      }

      @Override
      public CompletionStage<AgentOutput> perform(AgentRequest request, AgentContext context) {
        performedOn.set(Thread.currentThread());
        return agent.perform(request, context);
      }
    };
  }
}
