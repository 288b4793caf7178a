package ai.maily.mesh.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An agent that parses its request into a typed input and then does its work, possibly
 * asynchronously (an LLM call over HTTP); a skill that computes its output in place extends {@link
 * SyncAgent} instead.
 *
 * <p>It holds what every agent shows the mesh (name, description, schemas) and keeps the {@link
 * Agent} contract for its subclass: {@link #perform} never throws, so an {@link AgentFailure} from
 * {@link #parse} or {@link #start} reaches the entity as a failed stage with its retryability.
 *
 * @param <I> what the agent reads from a request
 */
public abstract class TypedAgent<I> implements Agent {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final String description;
  private final JsonNode inputSchema;
  private final JsonNode outputSchema;

  /**
   * @param name the agent type, unique on the node
   * @param description one sentence for people choosing an agent for a plan
   * @param inputSchema JSON Schema of the input the agent reads
   * @param outputSchema JSON Schema of {@link AgentOutput#data()}
   */
  protected TypedAgent(
      String name, String description, JsonNode inputSchema, JsonNode outputSchema) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.inputSchema = inputSchema.deepCopy();
    this.outputSchema = outputSchema.deepCopy();
  }

  /**
   * The JSON document at {@code resource}, found as {@code owner.getResourceAsStream} finds it: a
   * name relative to {@code owner}'s package, or an absolute one starting with {@code /}.
   *
   * @throws IllegalStateException if there is no such resource
   */
  public static JsonNode readSchema(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing schema resource " + resource + " next to " + owner.getName());
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + resource, e);
    }
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  // Copies, because JsonNode is mutable and the agent is shared by every entity on the node.
  @Override
  public final JsonNode inputSchema() {
    return inputSchema.deepCopy();
  }

  @Override
  public final JsonNode outputSchema() {
    return outputSchema.deepCopy();
  }

  @Override
  public final CompletionStage<AgentOutput> perform(AgentRequest request, AgentContext context) {
    try {
      return start(parse(request), context);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Reads the agent's input from the request.
   *
   * @throws AgentFailure {@link AgentFailure#invalidInput} naming what is wrong with the input
   */
  protected abstract I parse(AgentRequest request);

  /**
   * Does the work; runs on {@link AgentContext#blockingExecutor()}. Returns the stage of an
   * asynchronous call rather than blocking on it (see {@link Agent} for the whole contract).
   */
  protected abstract CompletionStage<AgentOutput> start(I input, AgentContext context);
}
