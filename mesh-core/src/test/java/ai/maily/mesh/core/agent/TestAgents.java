package ai.maily.mesh.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Agents for tests: each records its calls and answers as the test tells it. */
public final class TestAgents {

  private TestAgents() {}

  /** An agent whose answer is a function of the request; counts its calls. */
  public static final class Scripted extends TypedAgent<AgentRequest> {
    private static final JsonNode ANY_OBJECT =
        JsonNodeFactory.instance.objectNode().put("type", "object");

    private final Function<AgentRequest, CompletionStage<AgentOutput>> answer;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();

    public Scripted(String name, Function<AgentRequest, CompletionStage<AgentOutput>> answer) {
      super(name, "test agent " + name, ANY_OBJECT, ANY_OBJECT);
      this.answer = answer;
    }

    @Override
    protected AgentRequest parse(AgentRequest request) {
      return request;
    }

    @Override
    protected CompletionStage<AgentOutput> start(AgentRequest request, AgentContext context) {
      calls.incrementAndGet();
      requests.add(request);
      return answer.apply(request);
    }

    public int calls() {
      return calls.get();
    }

    public List<AgentRequest> requests() {
      return requests;
    }
  }

  /** Echoes the request's input back as its output. */
  public static Scripted echo(String name) {
    return new Scripted(
        name,
        request -> CompletableFuture.completedFuture(new AgentOutput(request.input(), "echo")));
  }

  /** Fails every request with the given failure. */
  public static Scripted failing(String name, AgentFailure failure) {
    return new Scripted(name, request -> CompletableFuture.failedFuture(failure));
  }

  /** Answers only when the test completes the request's gate. */
  public static final class Gated {
    private final Map<String, CompletableFuture<AgentOutput>> gates = new ConcurrentHashMap<>();
    private final Scripted agent;

    public Gated(String name) {
      this.agent = new Scripted(name, request -> gate(request.requestId()));
    }

    public Scripted agent() {
      return agent;
    }

    public CompletableFuture<AgentOutput> gate(String requestId) {
      return gates.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    }

    /** Completes the request with an output naming it. */
    public void release(String requestId) {
      gate(requestId)
          .complete(
              new AgentOutput(
                  JsonNodeFactory.instance.objectNode().put("done", requestId), "released"));
    }
  }
}
