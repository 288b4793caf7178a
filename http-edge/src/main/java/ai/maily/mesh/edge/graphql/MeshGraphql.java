package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.canvas.live.LiveStreams;
import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.edge.AgentDirectory;
import ai.maily.mesh.edge.CanvasService;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Principal;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.execution.SubscriptionExecutionStrategy;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.introspection.Introspection;
import graphql.language.OperationDefinition;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;

/**
 * The mesh's GraphQL: the schema of {@code graphql/schema.graphqls} wired to the edge's services,
 * every operation run within the limits of {@code mesh.graphql} and for the caller who sent it. The
 * task, catalog and canvas resolvers are wired here; those of more parts of the mesh go beside
 * them.
 */
public final class MeshGraphql {

  /** Where an operation arrived: subscriptions run only over the WebSocket. */
  public enum Transport {
    HTTP,
    WEBSOCKET
  }

  private static final String SCHEMA = "graphql/schema.graphqls";

  private final GraphQL engine;
  private final ParserOptions parserOptions;
  private final boolean introspection;

  /**
   * What the fields call: the edge's services, as REST calls them, and the node's live streams,
   * which {@code canvasEvents} follows as the canvas WebSocket does.
   */
  public record Services(
      TaskService tasks,
      AgentDirectory agents,
      PlaybookRegistry playbooks,
      CanvasService canvases,
      LiveStreams live) {}

  public MeshGraphql(Services services, ActorSystem<?> system, GraphqlSettings settings) {
    this(wiring(services, system), settings);
  }

  /** An engine whose fields resolve as {@code wiring} says: the node's, or a test's own. */
  MeshGraphql(RuntimeWiring.Builder wiring, GraphqlSettings settings) {
    QueryLimits limits = new QueryLimits(settings);
    this.engine =
        GraphQL.newGraphQL(schema(wiring))
            .instrumentation(
                new ChainedInstrumentation(
                    List.of(new SubscriptionsOverWebSocket(), limits.instrumentation())))
            .defaultDataFetcherExceptionHandler(new ProblemErrors())
            .build();
    this.parserOptions = limits.parserOptions();
    this.introspection = settings.introspection();
  }

  private static RuntimeWiring.Builder wiring(Services services, ActorSystem<?> system) {
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring();
    Materializer materializer = Materializer.matFromSystem(system);
    new TaskResolvers(services.tasks(), materializer).wire(wiring);
    new CatalogResolvers(services.agents(), services.playbooks()).wire(wiring);
    new CanvasResolvers(services.canvases(), services.live(), materializer).wire(wiring);
    return wiring;
  }

  private static GraphQLSchema schema(RuntimeWiring.Builder wiring) {
    try (InputStream in = MeshGraphql.class.getClassLoader().getResourceAsStream(SCHEMA)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + SCHEMA);
      }
      try (Reader sdl = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return new SchemaGenerator()
            .makeExecutableSchema(
                new SchemaParser().parse(sdl),
                wiring
                    .scalar(MeshScalars.JSON)
                    .scalar(MeshScalars.DATE_TIME)
                    .scalar(MeshScalars.LONG)
                    .build());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code request} for {@code caller}. Errors of the operation (its syntax, its validation, a
   * limit, a field that failed) are in the result; a subscription's result holds the publisher of
   * its events as its data.
   */
  public CompletionStage<ExecutionResult> execute(
      Principal caller, GraphqlRequest request, Transport transport) {
    return engine.executeAsync(
        ExecutionInput.newExecutionInput()
            .query(request.query())
            .operationName(request.operationName())
            .variables(request.variables())
            .graphQLContext(
                Map.of(
                    Principal.class, caller,
                    Transport.class, transport,
                    ParserOptions.class, parserOptions,
                    Introspection.INTROSPECTION_DISABLED, !introspection,
                    // A task's or canvas's events must arrive in the order they happened.
                    SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED, true))
            .build());
  }

  /**
   * Refuses a subscription sent over HTTP before its stream starts: a response cannot carry it, and
   * the WebSocket at {@code /graphql/ws} can.
   */
  private static final class SubscriptionsOverWebSocket extends SimplePerformantInstrumentation {

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
        InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
      var execution = parameters.getExecutionContext();
      if (execution.getOperationDefinition().getOperation()
              == OperationDefinition.Operation.SUBSCRIPTION
          && execution.getGraphQLContext().get(Transport.class) == Transport.HTTP) {
        throw new Refusal(
            "subscriptions run over the WebSocket at /graphql/ws (graphql-transport-ws)", Map.of());
      }
      return super.beginExecuteOperation(parameters, state);
    }
  }
}
