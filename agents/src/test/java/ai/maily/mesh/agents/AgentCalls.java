package ai.maily.mesh.agents;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.LoggerFactory;

/** Calls agents directly, on the test's thread, with a context the test controls. */
public final class AgentCalls {

  public static final ObjectMapper JSON = new ObjectMapper();

  private AgentCalls() {}

  /** The task input in {@code /examples/<name>} on the test class path. */
  public static JsonNode example(String name) {
    try (InputStream in = AgentCalls.class.getResourceAsStream("/examples/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses JSON written in a test. */
  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request whose step input wraps this task input, with one dependency output beside it. */
  public static AgentRequest request(JsonNode taskInput) {
    ObjectNode stepInput = JSON.createObjectNode();
    stepInput.set("input", taskInput);
    stepInput.putObject("deps").putObject("draft").put("note", "ignored by these agents");
    return new AgentRequest("req-1", "tenant-a", "task-1", "step-1", stepInput);
  }

  /** A context for agents that use no node services and do not hand work to the executor. */
  private static AgentContext context(Agent agent) {
    return new AgentContext(
        "tenant-a",
        agent.name(),
        Runnable::run,
        Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
        LoggerFactory.getLogger(AgentCalls.class),
        null);
  }

  /** Performs the request and returns the output. */
  public static AgentOutput perform(Agent agent, JsonNode taskInput) {
    return agent.perform(request(taskInput), context(agent)).toCompletableFuture().join();
  }

  /** Performs a request with this whole step input ({@code input}, {@code deps}, ...). */
  public static AgentOutput performStep(Agent agent, JsonNode stepInput) {
    return agent
        .perform(
            new AgentRequest("req-1", "tenant-a", "task-1", "step-1", stepInput), context(agent))
        .toCompletableFuture()
        .join();
  }

  /** Performs a request with this whole step input and returns the failure it completes with. */
  public static AgentFailure failure(Agent agent, JsonNode stepInput) {
    CompletableFuture<AgentOutput> result =
        agent
            .perform(
                new AgentRequest("req-1", "tenant-a", "task-1", "step-1", stepInput),
                context(agent))
            .toCompletableFuture();
    assertThat(result).isCompletedExceptionally();
    try {
      result.join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(AgentFailure.class);
      return (AgentFailure) e.getCause();
    }
    throw new AssertionError("unreachable: the future completed exceptionally");
  }
}
