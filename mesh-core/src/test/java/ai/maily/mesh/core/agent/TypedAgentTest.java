package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TypedAgentTest {

  private static final JsonNode INPUT =
      TypedAgent.readSchema(TypedAgentTest.class, "greeting-input.json");
  private static final JsonNode OUTPUT =
      JsonNodeFactory.instance.objectNode().put("type", "object");

  /** Greets {@code input.name}; a name of "nobody" breaks a rule. */
  private static final class Greeter extends SyncAgent<String> {
    Greeter(JsonNode inputSchema) {
      super("greeter", "Greets someone by name.", inputSchema, OUTPUT);
    }

    @Override
    protected String parse(AgentRequest request) {
      JsonNode name = request.input().path("input").path("name");
      if (!name.isTextual()) {
        throw AgentFailure.invalidInput("input.name must be a string");
      }
      return name.textValue();
    }

    @Override
    protected AgentOutput compute(String name, AgentContext context) {
      if (name.equals("nobody")) {
        throw new IllegalArgumentException("cannot greet nobody");
      }
      return new AgentOutput(
          JsonNodeFactory.instance.objectNode().put("greeting", "Hello, " + name), "greeted");
    }
  }

  private final Greeter greeter = new Greeter(INPUT);

  private static AgentRequest request(JsonNode taskInput) {
    ObjectNode stepInput = JsonNodeFactory.instance.objectNode();
    stepInput.set("input", taskInput);
    return new AgentRequest("r1", "acme", "t1", "greet", stepInput);
  }

  private static AgentContext context(Executor blocking) {
    return new AgentContext(
        "acme", "greeter", blocking, Clock.systemUTC(), LoggerFactory.getLogger("test"), null);
  }

  private static AgentContext noSecondHop() {
    return context(
        task -> {
          throw new AssertionError("a synchronous skill must not hand work to the executor again");
        });
  }

  @Test
  void aSyncSkillAnswersInPlaceWithoutHandingWorkToTheExecutorAgain() {
    CompletableFuture<AgentOutput> output =
        greeter
            .perform(
                request(JsonNodeFactory.instance.objectNode().put("name", "Dana")), noSecondHop())
            .toCompletableFuture();

    assertThat(output).isCompleted();
    assertThat(output.join().data().get("greeting").textValue()).isEqualTo("Hello, Dana");
    assertThat(output.join().summary()).isEqualTo("greeted");
  }

  @Test
  void invalidInputFailsTheStageAsNotRetryableInsteadOfThrowing() {
    CompletableFuture<AgentOutput> output =
        greeter
            .perform(request(JsonNodeFactory.instance.objectNode().put("name", 7)), noSecondHop())
            .toCompletableFuture();

    assertThatThrownBy(output::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            AgentFailure.class,
            failure -> {
              assertThat(failure).hasMessage("input.name must be a string");
              assertThat(failure.retryable()).isFalse();
            });
  }

  @Test
  void anUnexpectedExceptionFromTheSkillFailsTheStageInsteadOfThrowing() {
    CompletableFuture<AgentOutput> output =
        greeter
            .perform(
                request(JsonNodeFactory.instance.objectNode().put("name", "nobody")), noSecondHop())
            .toCompletableFuture();

    assertThatThrownBy(output::join)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot greet nobody");
  }

  @Test
  void describesItselfWithSchemasThatCallersCannotCorrupt() {
    ((ObjectNode) greeter.inputSchema()).removeAll();
    ((ObjectNode) greeter.outputSchema()).removeAll();

    assertThat(greeter.name()).isEqualTo("greeter");
    assertThat(greeter.description()).isEqualTo("Greets someone by name.");
    assertThat(greeter.inputSchema()).isEqualTo(INPUT);
    assertThat(greeter.outputSchema()).isEqualTo(OUTPUT);
  }

  @Test
  void keepsItsOwnCopyOfTheSchemasItWasGiven() {
    ObjectNode given = INPUT.deepCopy();
    Agent agent = new Greeter(given);

    given.removeAll();

    assertThat(agent.inputSchema()).isEqualTo(INPUT);
  }

  @Test
  void readsASchemaNextToItsOwnerAndNamesAMissingOne() {
    assertThat(INPUT.at("/properties/name/type").asText()).isEqualTo("string");
    assertThatThrownBy(() -> TypedAgent.readSchema(TypedAgentTest.class, "no-such-schema.json"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no-such-schema.json");
  }
}
