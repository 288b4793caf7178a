package ai.maily.mesh.node;

import ai.maily.mesh.analytics.bus.BusSettings;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.InboxConsumer;
import ai.maily.mesh.analytics.bus.NodeEventBus;
import ai.maily.mesh.analytics.bus.relay.JournalRelay;
import ai.maily.mesh.analytics.bus.relay.RelayRunner;
import ai.maily.mesh.analytics.bus.relay.RelaySettings;
import ai.maily.mesh.analytics.ingest.EngagementConsumer;
import ai.maily.mesh.analytics.ingest.EngagementIngestion;
import ai.maily.mesh.analytics.ingest.EngagementWriter;
import ai.maily.mesh.analytics.ingest.IngestSettings;
import ai.maily.mesh.analytics.readmodel.AnalyticsQueries;
import ai.maily.mesh.analytics.readmodel.EngagementModelProjection;
import ai.maily.mesh.analytics.readmodel.EngagementReadModel;
import ai.maily.mesh.analytics.readmodel.ProjectionRunner;
import ai.maily.mesh.analytics.readmodel.ReadModelSettings;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.predict.NodePredictions;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.amqp.TaskCommands;
import com.typesafe.config.Config;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The node's messaging and engagement ingestion, wired (ADR 0032): the bus (in-process, or RabbitMQ
 * with {@code MESH_AMQP_URI}), the engagement store on the journal's database and its writer, the
 * consumers of engagement events and task commands, and the relay that publishes domain events from
 * the journal; the read models projected from the store (ADR 0035) and the predictions the agents
 * read from them.
 */
final class NodeMessaging {

  private static final String RELAY = "domain-events";
  private static final String READ_MODEL = "engagement-read-model";
  private static final String LEARNER = "engagement-model";

  /**
   * What the edge needs of it.
   *
   * @param ingestion where REST and gRPC hand their events
   * @param queries what the analytics API reads
   */
  record Started(EngagementIngestion ingestion, AnalyticsQueries queries) {}

  private NodeMessaging() {}

  /**
   * Starts it all on {@code database}; returns the ingestion REST and gRPC hand their events to and
   * the read models' queries. The consumers stop taking deliveries when the node starts to shut
   * down, before the store closes.
   */
  static Started start(ActorSystem<?> system, Config config, Database database, TaskService tasks) {
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("mesh.analytics.dispatcher"));
    IngestSettings ingest = IngestSettings.fromConfig(config.getConfig("mesh.analytics.ingest"));
    NodeEventBus node = NodeEventBus.get(system);
    EventBus bus = node.bus();
    BusSettings settings = node.settings();

    EngagementStore store = EngagementStore.open(database, ingest.storePoolSize());
    // Registered after the embedded journal's close, so it runs before it (ADR 0020).
    system.classicSystem().registerOnTermination(store::close);
    EngagementWriter writer =
        EngagementWriter.start(system, store, ingest.writeBatch(), ingest.writeQueue(), blocking);
    List<InboxConsumer> consumers =
        List.of(
            EngagementConsumer.start(
                system,
                bus,
                writer,
                ingest,
                settings.minBackoff(),
                settings.maxBackoff(),
                blocking),
            TaskCommands.start(
                system, bus, tasks, settings.minBackoff(), settings.maxBackoff(), blocking));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceRequestsDone(),
            "stop-bus-consumers",
            () -> {
              consumers.forEach(InboxConsumer::close);
              return CompletableFuture.completedFuture(Done.getInstance());
            });

    RelaySettings relay = RelaySettings.fromConfig(config.getConfig("mesh.amqp.relay"));
    RelayRunner.start(
        system,
        RELAY,
        () ->
            JournalRelay.open(
                system,
                database,
                RELAY,
                DomainEvents.kinds(system, bus.topology().meshExchange()),
                bus,
                relay,
                Clock.systemUTC()),
        relay,
        blocking);
    ReadModelSettings readModelSettings =
        ReadModelSettings.fromConfig(config.getConfig("mesh.analytics.read-model"));
    EngagementReadModel readModel =
        EngagementReadModel.open(database, readModelSettings.poolSize());
    system.classicSystem().registerOnTermination(readModel::close);
    ProjectionRunner.start(system, READ_MODEL, readModel, store, readModelSettings, blocking);
    // A singleton of its own, so a slow learner never holds back the counts (ADR 0035).
    EngagementModelProjection learner =
        EngagementModelProjection.open(database, readModelSettings.poolSize());
    system.classicSystem().registerOnTermination(learner::close);
    ProjectionRunner.start(system, LEARNER, learner, store, readModelSettings, blocking);
    AnalyticsQueries queries = new AnalyticsQueries(readModel, learner, blocking);
    NodePredictions.register(system, queries.predictions());
    return new Started(new EngagementIngestion(writer, ingest.maxRequestEvents()), queries);
  }
}
