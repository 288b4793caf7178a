package ai.maily.mesh.edge.health;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Readiness check: the journal answers a query. A node whose database is unreachable takes no
 * traffic, because every command it accepted could not be persisted.
 */
public final class JournalReadiness implements Supplier<CompletionStage<Boolean>> {

  private static final String PROBE_ID = "mesh-readiness-probe";
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem system;
  private final CurrentEventsByPersistenceIdQuery query;

  public JournalReadiness(ActorSystem system) {
    this.system = system;
    this.query =
        PersistenceQuery.get(system)
            .getReadJournalFor(
                CurrentEventsByPersistenceIdQuery.class,
                system.settings().config().getString("mesh.read-journal-plugin"));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return query
        .currentEventsByPersistenceId(PROBE_ID, 0, Long.MAX_VALUE)
        .completionTimeout(TIMEOUT)
        .runWith(Sink.ignore(), system)
        .handle((done, error) -> error == null);
  }
}
