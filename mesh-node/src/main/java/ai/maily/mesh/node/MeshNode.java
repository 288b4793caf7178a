package ai.maily.mesh.node;

import ai.maily.mesh.analytics.ingest.EngagementIngestion;
import ai.maily.mesh.canvas.CanvasEntity;
import ai.maily.mesh.canvas.live.JournalReader;
import ai.maily.mesh.canvas.live.LiveSettings;
import ai.maily.mesh.canvas.live.LiveStreams;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.budget.BudgetLedger;
import ai.maily.mesh.core.budget.Budgets;
import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.cache.NodeCache;
import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.live.LiveEvent;
import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.core.memory.TextEmbedderProvider;
import ai.maily.mesh.core.task.OpenTaskStore;
import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskLimits;
import ai.maily.mesh.core.task.TaskListing;
import ai.maily.mesh.edge.AgentDirectory;
import ai.maily.mesh.edge.BodyLimit;
import ai.maily.mesh.edge.CanvasService;
import ai.maily.mesh.edge.MemoryService;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.TokenVerifier;
import ai.maily.mesh.edge.graphql.GraphqlRoutes;
import ai.maily.mesh.edge.graphql.GraphqlSettings;
import ai.maily.mesh.edge.graphql.GraphqlTransportWs;
import ai.maily.mesh.edge.graphql.MeshGraphql;
import ai.maily.mesh.edge.grpc.AnalyticsGrpcService;
import ai.maily.mesh.edge.grpc.GrpcProblems;
import ai.maily.mesh.edge.grpc.MeshGrpcService;
import ai.maily.mesh.edge.grpc.TrustGrpcService;
import ai.maily.mesh.edge.rest.AnalyticsRoutes;
import ai.maily.mesh.edge.rest.CanvasRoutes;
import ai.maily.mesh.edge.rest.MemoryRoutes;
import ai.maily.mesh.edge.rest.RestApi;
import ai.maily.mesh.edge.rest.TrustRoutes;
import ai.maily.mesh.edge.ws.AnalyticsStream;
import ai.maily.mesh.edge.ws.ClosingWebSockets;
import ai.maily.mesh.edge.ws.LiveRoutes;
import ai.maily.mesh.grpc.analytics.v1.AnalyticsService;
import ai.maily.mesh.grpc.analytics.v1.AnalyticsServicePowerApiHandlerFactory;
import ai.maily.mesh.grpc.trust.v1.TrustServicePowerApiHandlerFactory;
import ai.maily.mesh.grpc.v1.MeshService;
import ai.maily.mesh.grpc.v1.MeshServicePowerApiHandlerFactory;
import ai.maily.mesh.node.journal.EmbeddedJournalDatabase;
import ai.maily.mesh.node.journal.PostgresJournalSchema;
import ai.maily.mesh.trust.service.TrustService;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.grpc.javadsl.ServiceHandler;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.stream.SystemMaterializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running mesh node, wired in one place: configuration, actor system, journal schema, cluster,
 * entities, the REST (with GraphQL) and gRPC servers, then management. {@code Main} and the tests
 * both start nodes through here.
 */
public final class MeshNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  // A gRPC request body is its message behind a 5-byte header (compressed flag and length): the
  // body limits apply to the message.
  private static final long GRPC_FRAME_HEADER = 5;

  private final ActorSystem<Void> system;
  private final ServerBinding http;
  private final ServerBinding grpc;
  private final int managementPort;
  private final Optional<String> devToken;

  private MeshNode(
      ActorSystem<Void> system,
      ServerBinding http,
      ServerBinding grpc,
      int managementPort,
      Optional<String> devToken) {
    this.system = system;
    this.http = http;
    this.grpc = grpc;
    this.managementPort = managementPort;
    this.devToken = devToken;
  }

  /** Starts a node with the agents found on the class path. */
  public static MeshNode start(Config overrides) {
    Config resolved = NodeConfig.load(overrides);
    return launch(resolved, AgentRegistry.load(resolved));
  }

  /** Starts a node hosting exactly {@code agents}; blocks until its servers are bound. */
  public static MeshNode start(Config overrides, AgentRegistry agents) {
    return launch(NodeConfig.load(overrides), agents);
  }

  private static MeshNode launch(Config resolved, AgentRegistry agents) {
    CommonPool.atLeastTwoThreads();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "maily-mesh", resolved);
    try {
      return wire(system, resolved, agents);
    } catch (RuntimeException | Error e) {
      system.terminate();
      throw e;
    }
  }

  private static MeshNode wire(ActorSystem<Void> system, Config config, AgentRegistry agents) {
    Database database = NodeConfig.database(config);
    openJournalDatabase(system, database, config.getDuration("mesh.db.h2-sync-interval"));

    Cluster cluster = Cluster.get(system);
    if (NodeConfig.joinsItself(config)) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }

    // Before the agents, which reach it through their context's actor system.
    Cache cache = NodeCache.get(system).cache();

    TaskLimits limits = TaskLimits.fromConfig(config.getConfig("mesh.tasks"));
    PlaybookRegistry playbooks = PlaybookRegistry.fromConfig(config, agents::contains, limits);
    AgentMemories memories =
        AgentMemories.init(system, agents, TextEmbedderProvider.load(system), cache);
    AgentEntity.init(system, agents, memories);
    // Before the coordinators, which ask the ledgers about steps whose agents spend a budget.
    BudgetLedger.init(system);
    TaskCoordinator.init(system, agents, OpenTaskStore.forTasks(system, database));
    TrustService trust = TrustService.init(system, database);
    CanvasEntity.init(system);

    Duration askTimeout = config.getDuration("mesh.ask-timeout");
    Credentials credentials = Credentials.from(config);
    Authenticator authenticator =
        new Authenticator(
            credentials.verifier(), system.dispatchers().lookup(DispatcherSelector.blocking()));
    TaskListing listing = TaskListing.forTasks(database);
    // Registered after the embedded journal's close, so it runs before it (ADR 0020).
    system.classicSystem().registerOnTermination(listing::close);
    LiveStreams live =
        new LiveStreams(
            system, new JournalReader(system, streamKinds()), LiveSettings.fromConfig(config));
    TaskService tasks =
        new TaskService(
            system, agents, playbooks, limits, askTimeout, listing, live, Budgets.get(system));
    AgentDirectory directory = new AgentDirectory(system, agents, askTimeout);
    CanvasService canvases = new CanvasService(system, tasks, agents, playbooks, askTimeout);
    NodeMessaging.Started messaging = NodeMessaging.start(system, config, database, tasks);
    EngagementIngestion engagement = messaging.ingestion();
    long maxBody = config.getBytes("mesh.http.max-body-size");
    long maxEmailBody = config.getBytes("mesh.http.max-email-body-size");
    Duration requestTimeout = config.getDuration("mesh.http.request-timeout");
    RestApi rest =
        new RestApi(
            tasks,
            directory,
            new MemoryRoutes(new MemoryService(memories), maxBody),
            playbooks,
            authenticator,
            new TrustRoutes(trust, maxEmailBody),
            new CanvasRoutes(canvases, maxBody),
            maxBody,
            new BodyLimit(maxEmailBody, requestTimeout),
            graphql(
                system,
                config,
                new MeshGraphql.Services(tasks, directory, playbooks, canvases, live),
                authenticator,
                maxBody),
            new LiveRoutes(
                live,
                authenticator,
                tasks,
                canvases,
                new AnalyticsStream(system, messaging.queries())),
            new AnalyticsRoutes(engagement, messaging.queries(), maxBody),
            cache);

    ServerBinding http =
        await(
            Http.get(system)
                .newServerAt(config.getString("mesh.http.host"), config.getInt("mesh.http.port"))
                .bind(rest.routes())
                .toCompletableFuture(),
            "bind the HTTP port");
    http.addToCoordinatedShutdown(Duration.ofSeconds(10), system);

    ServerBinding grpc =
        await(
            Http.get(system)
                .newServerAt(config.getString("mesh.grpc.host"), config.getInt("mesh.grpc.port"))
                .adaptSettings(
                    settings ->
                        settings.withPreviewServerSettings(
                            settings.getPreviewServerSettings().withEnableHttp2(true)))
                .bind(
                    grpcServices(
                        tasks,
                        trust,
                        engagement,
                        authenticator,
                        new BodyLimit(maxBody + GRPC_FRAME_HEADER, requestTimeout),
                        new BodyLimit(maxEmailBody + GRPC_FRAME_HEADER, requestTimeout),
                        system))
                .toCompletableFuture(),
            "bind the gRPC port");
    grpc.addToCoordinatedShutdown(Duration.ofSeconds(10), system);

    // Last, so that a node whose management reports it ready (/health/ready) already serves.
    int managementPort =
        await(PekkoManagement.get(system).start().toCompletableFuture(), "start management").port();

    LOG.info(
        "mesh node up: REST on {}, gRPC on {}, management on port {}",
        http.localAddress(),
        grpc.localAddress(),
        managementPort);
    return new MeshNode(system, http, grpc, managementPort, credentials.devToken());
  }

  /** How the live streams read each entity type's events back from the journal. */
  private static Map<String, JournalReader.Kind> streamKinds() {
    return Map.of(
        CanvasEntity.ENTITY_KEY.name(),
        new JournalReader.Kind(
            row -> List.of(LiveEvent.of(row, ((CanvasEntity.Event) row).at())), true, Set.of()),
        TaskCoordinator.ENTITY_KEY.name(),
        new JournalReader.Kind(
            row ->
                TaskCoordinator.unpacked((TaskCoordinator.Event) row).stream()
                    .map(event -> LiveEvent.of(event, event.at()))
                    .toList(),
            false,
            Set.of(
                TaskCoordinator.TaskFinished.class.getSimpleName(),
                TaskCoordinator.TaskCancelled.class.getSimpleName())));
  }

  /**
   * Creates the journal's tables where they are missing: the plugin's own schema on PostgreSQL (ADR
   * 0022), the mesh's on embedded H2 (ADR 0010), whose database the node also syncs every {@code
   * h2SyncInterval} (ADR 0009) and closes after everything else has stopped using it (ADR 0020).
   */
  private static void openJournalDatabase(
      ActorSystem<?> system, Database database, Duration h2SyncInterval) {
    switch (database.engine()) {
      case POSTGRESQL -> PostgresJournalSchema.create(database);
      case H2 -> {
        try {
          EmbeddedJournalDatabase embedded = EmbeddedJournalDatabase.open(database, h2SyncInterval);
          // Termination callbacks run last registered first: this one, registered before the
          // journal plugin and the node's other stores open theirs, runs after they have closed.
          system.classicSystem().registerOnTermination(embedded::close);
        } catch (SQLException e) {
          throw new IllegalStateException("could not open the H2 journal's database: " + e, e);
        }
      }
    }
  }

  /** GraphQL over HTTP and WebSocket, on the same services as REST. */
  private static GraphqlRoutes graphql(
      ActorSystem<?> system,
      Config config,
      MeshGraphql.Services services,
      Authenticator authenticator,
      long maxBody) {
    GraphqlSettings settings = GraphqlSettings.fromConfig(config.getConfig("mesh.graphql"));
    MeshGraphql graphql = new MeshGraphql(services, system, settings);
    GraphqlTransportWs subscriptions =
        new GraphqlTransportWs(
            (caller, request) -> graphql.execute(caller, request, MeshGraphql.Transport.WEBSOCKET),
            authenticator,
            settings,
            system);
    return new GraphqlRoutes(
        graphql, authenticator, subscriptions, new ClosingWebSockets(system), maxBody);
  }

  /**
   * The gRPC services on one port; each answers its own paths and reads requests within its limit:
   * the REST body limit for tasks and engagement events, the email body limit for the trust
   * service, which takes raw emails.
   */
  // ServiceHandler takes its handlers as a generic varargs array.
  @SuppressWarnings("unchecked")
  private static Function<HttpRequest, CompletionStage<HttpResponse>> grpcServices(
      TaskService tasks,
      TrustService trust,
      EngagementIngestion engagement,
      Authenticator authenticator,
      BodyLimit tasksLimit,
      BodyLimit trustLimit,
      ActorSystem<?> system) {
    Function<HttpRequest, CompletionStage<HttpResponse>> mesh =
        MeshServicePowerApiHandlerFactory.partial(
            new MeshGrpcService(tasks, authenticator),
            MeshService.name,
            SystemMaterializer.get(system).materializer(),
            GrpcProblems.errorHandler(),
            system);
    Function<HttpRequest, CompletionStage<HttpResponse>> trustService =
        TrustServicePowerApiHandlerFactory.partial(
            new TrustGrpcService(trust, authenticator),
            ai.maily.mesh.grpc.trust.v1.TrustService.name,
            SystemMaterializer.get(system).materializer(),
            GrpcProblems.errorHandler(),
            system);
    Function<HttpRequest, CompletionStage<HttpResponse>> analytics =
        AnalyticsServicePowerApiHandlerFactory.partial(
            new AnalyticsGrpcService(engagement, authenticator, system),
            AnalyticsService.name,
            SystemMaterializer.get(system).materializer(),
            GrpcProblems.errorHandler(),
            system);
    return ServiceHandler.concatOrNotFound(
        request -> mesh.apply(tasksLimit.bound(request).request()),
        request -> trustService.apply(trustLimit.bound(request).request()),
        request -> analytics.apply(tasksLimit.bound(request).request()));
  }

  /** How tokens are verified: dev mode mints its own, else a secret or a JWKS URL. */
  private record Credentials(TokenVerifier verifier, Optional<String> devToken) {

    static Credentials from(Config config) {
      Config auth = config.getConfig("mesh.auth");
      String issuer = auth.getString("issuer");
      String audience = auth.getString("audience");
      if (!auth.getString("jwks-url").isEmpty()) {
        return new Credentials(
            TokenVerifier.jwks(auth.getString("jwks-url"), issuer, audience), Optional.empty());
      }
      if (!auth.getString("hs256-secret").isEmpty()) {
        byte[] secret = auth.getString("hs256-secret").getBytes(StandardCharsets.UTF_8);
        return new Credentials(TokenVerifier.hs256(secret, issuer, audience), Optional.empty());
      }
      DevCredentials dev = DevCredentials.loadOrCreate(NodeConfig.dataDir(config));
      return new Credentials(
          TokenVerifier.hs256(dev.secret(), issuer, audience),
          Optional.of(dev.mintDefault(auth.getDuration("dev-token-ttl"))));
    }
  }

  private static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public int httpPort() {
    return http.localAddress().getPort();
  }

  public int grpcPort() {
    return grpc.localAddress().getPort();
  }

  public int managementPort() {
    return managementPort;
  }

  /** The dev token printed at start; empty unless the node runs with dev credentials. */
  public Optional<String> devToken() {
    return devToken;
  }

  /** Leaves the cluster and stops the node; blocks until it has stopped. */
  @Override
  public void close() {
    system.terminate();
    await(system.getWhenTerminated().toCompletableFuture(), "stop the actor system");
  }
}
