package ai.maily.mesh.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a mesh wrote to its journal, read back after a run: events by entity type and by
 * manifest with their payload sizes, and the snapshots beside them.
 */
final class JournalCensus {

  /** Events that are alike for the raw benchmark: same manifest, serializer and payload size. */
  private record EventShape(String manifest, int serializerId, int bytes) {}

  private final Map<String, Long> eventsByEntityType;
  private final Map<String, List<Integer>> payloadBytesByManifest;
  private final EventSizes sizes;
  private final long snapshots;
  private final long snapshotBytes;
  private final long journalBytes;

  private JournalCensus(
      Map<String, Long> eventsByEntityType,
      Map<String, List<Integer>> payloadBytesByManifest,
      EventSizes sizes,
      long snapshots,
      long snapshotBytes,
      long journalBytes) {
    this.eventsByEntityType = eventsByEntityType;
    this.payloadBytesByManifest = payloadBytesByManifest;
    this.sizes = sizes;
    this.snapshots = snapshots;
    this.snapshotBytes = snapshotBytes;
    this.journalBytes = journalBytes;
  }

  /** Reads the whole journal; fine for the few hundred thousand rows of a benchmark run. */
  static JournalCensus take(Connection connection, BenchDatabase.Engine engine)
      throws SQLException {
    Map<String, Long> byEntityType = new TreeMap<>();
    Map<String, List<Integer>> byManifest = new TreeMap<>();
    Map<EventShape, Long> byShape = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT persistence_id, event_ser_manifest, event_ser_id,"
                    + " octet_length(event_payload) FROM event_journal")) {
      while (rows.next()) {
        byEntityType.merge(entityType(rows.getString(1)), 1L, Long::sum);
        String manifest = rows.getString(2);
        int bytes = rows.getInt(4);
        byManifest.computeIfAbsent(manifest, m -> new ArrayList<>()).add(bytes);
        byShape.merge(new EventShape(manifest, rows.getInt(3), bytes), 1L, Long::sum);
      }
    }
    List<EventSizes.Entry> entries = new ArrayList<>();
    byShape.forEach(
        (shape, count) ->
            entries.add(
                new EventSizes.Entry(
                    shape.manifest(), shape.serializerId(), shape.bytes(), count)));
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT count(*), coalesce(sum(octet_length(snapshot_payload)), 0) FROM snapshot")) {
      row.next();
      return new JournalCensus(
          byEntityType,
          byManifest,
          new EventSizes(entries),
          row.getLong(1),
          row.getLong(2),
          journalBytes(connection, engine));
    }
  }

  /**
   * The space the journal's table takes in the database with its indexes: on PostgreSQL its heap,
   * indexes and TOAST; on H2 its share of the store file.
   */
  private static long journalBytes(Connection connection, BenchDatabase.Engine engine)
      throws SQLException {
    String query =
        engine == BenchDatabase.Engine.POSTGRES
            ? "SELECT pg_total_relation_size('event_journal')"
            : "SELECT DISK_SPACE_USED('event_journal')";
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * {@code Task|t:id} → {@code Task}; {@code /sharding/TaskShard/26} → {@code /sharding/TaskShard}.
   */
  private static String entityType(String persistenceId) {
    int bar = persistenceId.indexOf('|');
    if (bar >= 0) {
      return persistenceId.substring(0, bar);
    }
    return persistenceId.replaceFirst("/\\d+$", "");
  }

  long events() {
    return sizes.events();
  }

  EventSizes sizes() {
    return sizes;
  }

  /** Events per entity type, absolute and per task. */
  MarkdownTable byEntityType(long tasks) {
    MarkdownTable table = new MarkdownTable("persistence id", "events", "events per task");
    eventsByEntityType.forEach(
        (type, events) ->
            table.row(type, events, MarkdownTable.number((double) events / tasks, 2)));
    table.row("**all**", events(), MarkdownTable.number((double) events() / tasks, 2));
    return table;
  }

  /** Events per manifest with the distribution of their payload sizes. */
  MarkdownTable byManifest(long tasks) {
    MarkdownTable table =
        new MarkdownTable("event manifest", "events", "per task", "avg bytes", "p50", "p99", "max");
    payloadBytesByManifest.forEach(
        (manifest, bytes) -> {
          List<Integer> sorted = bytes.stream().sorted().toList();
          double average = sorted.stream().mapToInt(Integer::intValue).average().orElse(0);
          table.row(
              shortName(manifest),
              sorted.size(),
              MarkdownTable.number((double) sorted.size() / tasks, 2),
              MarkdownTable.number(average, 0),
              sorted.get((int) Math.ceil(0.5 * sorted.size()) - 1),
              sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1),
              sorted.get(sorted.size() - 1));
        });
    table.row(
        "**all**",
        events(),
        MarkdownTable.number((double) events() / tasks, 2),
        MarkdownTable.number(sizes.averageBytes(), 0),
        "",
        "",
        "");
    return table;
  }

  /** One line on the snapshot store, which the agents also write to. */
  String snapshotLine() {
    return snapshots
        + " snapshots kept, "
        + MarkdownTable.number(snapshotBytes / 1024.0, 1)
        + " KiB in total";
  }

  /** One line on the journal's size in the database, in all and per task. */
  String journalLine(long tasks) {
    return "the journal's table with its indexes: "
        + MarkdownTable.number(journalBytes / (1024.0 * 1024.0), 1)
        + " MiB, "
        + MarkdownTable.number(journalBytes / 1024.0 / tasks, 2)
        + " KiB per task";
  }

  private static String shortName(String manifest) {
    String name = manifest.substring(manifest.lastIndexOf('.') + 1);
    return name.isEmpty() ? "(empty)" : name;
  }
}
