package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.live.LiveEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The replay path of the live streams: reads an entity's events after a position from the journal,
 * numbered as the event APIs number them. How a journal row turns into events depends on the entity
 * type, named by the persistence id's prefix ({@code Task|...}).
 */
public final class JournalReader {

  /**
   * How the rows of one entity type hold its events. Where each row holds one event, an event's
   * position is its row's sequence number and a read starts at the row after the position; where a
   * row may hold several (a task's batches, ADR 0019), a read numbers them from the first row. An
   * event of one of the {@code endings} types is the stream's last.
   */
  public record Kind(
      Function<Object, List<LiveEvent>> unpack, boolean rowsAreEvents, Set<String> endings) {}

  private final ActorSystem<?> system;
  private final CurrentEventsByPersistenceIdQuery query;
  private final Map<String, Kind> kinds;

  public JournalReader(ActorSystem<?> system, Map<String, Kind> kinds) {
    this.system = system;
    this.kinds = Map.copyOf(kinds);
    String plugin = system.settings().config().getString("mesh.read-journal-plugin");
    this.query =
        PersistenceQuery.get(Adapter.toClassic(system))
            .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
  }

  /** Whether streams of this persistence id can be read: its entity type is known. */
  public boolean knows(String pid) {
    return kinds.containsKey(entityType(pid));
  }

  /** Whether {@code event} is the last of its stream. */
  public boolean ends(StreamEvent event) {
    return kinds.get(entityType(event.pid())).endings().contains(event.event().type());
  }

  /** Up to {@code max} events of {@code pid} after position {@code after}, in order. */
  public CompletionStage<List<StreamEvent>> after(String pid, long after, int max) {
    Kind kind = kinds.get(entityType(pid));
    long fromRow = kind.rowsAreEvents() ? after + 1 : 0;
    long toRow = kind.rowsAreEvents() ? after + max : Long.MAX_VALUE;
    return query
        .currentEventsByPersistenceId(pid, fromRow, toRow)
        .runWith(Sink.seq(), system)
        .thenApply(rows -> numbered(pid, kind, rows, after, max));
  }

  private static List<StreamEvent> numbered(
      String pid, Kind kind, List<EventEnvelope> rows, long after, int max) {
    List<StreamEvent> events = new ArrayList<>();
    long seq = 0;
    for (EventEnvelope row : rows) {
      List<LiveEvent> unpacked = kind.unpack().apply(row.event());
      for (LiveEvent event : unpacked) {
        seq = kind.rowsAreEvents() ? row.sequenceNr() : seq + 1;
        if (seq > after && events.size() < max) {
          events.add(new StreamEvent(pid, seq, event));
        }
      }
    }
    return events;
  }

  private static String entityType(String pid) {
    int bar = pid.indexOf('|');
    return bar < 0 ? "" : pid.substring(0, bar);
  }
}
