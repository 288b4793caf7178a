package ai.maily.mesh.bench;

import static java.util.stream.Collectors.joining;

import ai.maily.mesh.node.journal.H2JournalSchema;
import ai.maily.mesh.node.journal.PostgresJournalSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The limit a journal can reach on a database: writes rows shaped like the journal's {@code
 * event_journal}, with the payload sizes and manifests the mesh wrote (from {@link
 * CoordinatorBenchmark}'s size file), through plain JDBC. Each writer commits before it writes on,
 * as a journal must before it acknowledges. One variant commits every event on its own; the others
 * commit {@code N} events per transaction, as the JDBC journal does for a persist of several events
 * or when it batches concurrent writes. A fractional {@code N} mixes transactions of its floor and
 * ceiling so that they average {@code N}. Prints Markdown.
 *
 * <p>Options (defaults): {@code --db h2|postgres} (h2), {@code --sizes} (the file {@link
 * CoordinatorBenchmark} left for that database), {@code --writers} (8, the journal's pool), {@code
 * --events-per-tx} (1,1.35,2,4,10,100), {@code --seconds} per variant (10) and {@code
 * --warmup-seconds} (30, spread over the variants before any is measured).
 *
 * <pre>
 * mvn -B -q -pl bench exec:java -Dexec.mainClass=ai.maily.mesh.bench.RawJdbcBenchmark \
 *     -Dexec.args="--db postgres --events-per-tx 1,1.35,2,4,10,100"
 * </pre>
 */
public final class RawJdbcBenchmark {

  private static final Set<String> OPTIONS =
      Set.of("db", "sizes", "writers", "events-per-tx", "seconds", "warmup-seconds");

  /** Events of one entity before a writer moves on to the next, as a task writes about 23. */
  private static final int EVENTS_PER_ENTITY = 23;

  /** Writing into a variant's new table before measuring it, so that it starts out the same. */
  private static final double SETTLE_SECONDS = 2;

  /** What one writer wrote. */
  private record Written(long events, long commits) {}

  /** How one variant went. */
  private record Result(
      double eventsPerTransaction,
      Written written,
      double seconds,
      LatencyRecorder commitLatency,
      CpuUsage.Cores cpu) {}

  private RawJdbcBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs options = BenchArgs.parse(args, OPTIONS);
    BenchDatabase.Engine engine = BenchDatabase.Engine.named(options.text("db", "h2"));
    EventSizes sizes =
        EventSizes.load(
            Path.of(options.text("sizes", CoordinatorBenchmark.defaultSizesFile(engine))));
    int writers = options.integer("writers", 8);
    double seconds = options.integer("seconds", 10);
    double warmupSeconds = options.integer("warmup-seconds", 30);
    String table = "bench_raw_journal_" + UUID.randomUUID().toString().substring(0, 8);

    try (BenchDatabase database =
        engine == BenchDatabase.Engine.H2
            ? BenchDatabase.freshH2()
            : BenchDatabase.sharedPostgres()) {
      StringBuilder report = new StringBuilder();
      report.append("## Raw JDBC event writes on ").append(engine).append("\n\n");
      report.append(Machine.describe()).append(database.describe());
      report
          .append("- rows: shaped like `event_journal` (table `")
          .append(table)
          .append("`, new for each variant), payloads drawn from ")
          .append(sizes.events())
          .append(" mesh events, average ")
          .append(MarkdownTable.number(sizes.averageBytes(), 0))
          .append(" bytes; ")
          .append(writers)
          .append(" writers, one connection each\n\n");
      List<Double> variants = options.decimals("events-per-tx", "1,1.35,2,4,10,100");
      System.err.println("[bench] warming up: every variant in turn");
      createTable(database, table);
      try {
        for (double eventsPerTransaction : variants) {
          write(
              database,
              table,
              sizes,
              writers,
              eventsPerTransaction,
              warmupSeconds / variants.size());
        }
      } finally {
        dropTable(database, table);
      }
      List<Result> results = new ArrayList<>();
      for (double eventsPerTransaction : variants) {
        System.err.println("[bench] raw writes, " + eventsPerTransaction + " events per commit");
        // A fresh table per variant, so that no variant writes into a bigger table than another.
        createTable(database, table);
        try {
          write(database, table, sizes, writers, eventsPerTransaction, SETTLE_SECONDS);
          results.add(write(database, table, sizes, writers, eventsPerTransaction, seconds));
        } finally {
          dropTable(database, table);
        }
      }
      MarkdownTable out =
          new MarkdownTable(
              "events per tx",
              "writers",
              "events/s",
              "commits/s",
              "commit p50 ms",
              "commit p99 ms",
              "CPU cores");
      for (Result result : results) {
        LatencyRecorder.Summary commit = result.commitLatency().summary();
        out.row(
            MarkdownTable.number(result.eventsPerTransaction(), 2),
            writers,
            MarkdownTable.number(result.written().events() / result.seconds(), 0),
            MarkdownTable.number(result.written().commits() / result.seconds(), 0),
            MarkdownTable.number(commit.p50Ms(), 2),
            MarkdownTable.number(commit.p99Ms(), 2),
            result.cpu());
      }
      report.append(out);
      report.append(
          "\nCPU is in cores: this JVM (of it, its JIT compiler) / PostgreSQL / other processes.\n");
      report.append(CpuUsage.disturbance(results.stream().map(Result::cpu).toList()));
      System.out.println(report);
    }
  }

  /**
   * Creates {@code table} with the DDL the node gives its {@code event_journal} on that database:
   * the mesh's own schema on H2, the journal plugin's on PostgreSQL.
   */
  private static void createTable(BenchDatabase database, String table)
      throws SQLException, IOException {
    String script =
        database.engine() == BenchDatabase.Engine.H2
            ? H2JournalSchema.RESOURCE
            : PostgresJournalSchema.RESOURCE;
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (String ddl : journalStatements(script)) {
        statement.execute(ddl.replace("event_journal", table));
      }
    }
  }

  /** The statements of a schema script that create {@code event_journal} and its indexes. */
  private static List<String> journalStatements(String resource) throws IOException {
    String script;
    try (InputStream in = RawJdbcBenchmark.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no schema script " + resource + " on the class path");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String withoutComments =
        script.lines().filter(line -> !line.strip().startsWith("--")).collect(joining("\n"));
    return Arrays.stream(withoutComments.split(";"))
        .map(String::strip)
        .filter(ddl -> ddl.contains("event_journal") && !ddl.contains("event_tag"))
        .toList();
  }

  private static void dropTable(BenchDatabase database, String table) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  /**
   * Runs {@code writers} threads for {@code seconds}, each committing {@code eventsPerTransaction}
   * rows at a time on its own connection. The connections open before and close after the
   * measurement, so neither their set-up nor the end of their server processes escapes it.
   */
  private static Result write(
      BenchDatabase database,
      String table,
      EventSizes sizes,
      int writers,
      double eventsPerTransaction,
      double seconds)
      throws Exception {
    List<Connection> connections = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      for (int i = 0; i < writers; i++) {
        connections.add(database.connect());
      }
      LatencyRecorder commitLatency = new LatencyRecorder();
      List<Future<Written>> writing = new ArrayList<>();
      CpuUsage cpu = CpuUsage.read();
      long start = System.nanoTime();
      long deadline = start + (long) (seconds * 1e9);
      for (Connection connection : connections) {
        writing.add(
            threads.submit(
                () ->
                    writeUntil(
                        connection, table, sizes, eventsPerTransaction, deadline, commitLatency)));
      }
      long events = 0;
      long commits = 0;
      for (Future<Written> writer : writing) {
        events += writer.get().events();
        commits += writer.get().commits();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      return new Result(
          eventsPerTransaction,
          new Written(events, commits),
          elapsed,
          commitLatency,
          CpuUsage.read().since(cpu));
    } finally {
      threads.shutdown();
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }

  /**
   * One writer: its own entities and sequence numbers on its own connection, until the deadline.
   */
  private static Written writeUntil(
      Connection connection,
      String table,
      EventSizes sizes,
      double eventsPerTransaction,
      long deadline,
      LatencyRecorder commitLatency)
      throws SQLException {
    SplittableRandom random = new SplittableRandom();
    String writer = UUID.randomUUID().toString();
    byte[] noise = new byte[64 * 1024];
    random.nextBytes(noise);
    int fewer = (int) Math.floor(eventsPerTransaction);
    double moreShare = eventsPerTransaction - fewer;
    long events = 0;
    long commits = 0;
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " (deleted, persistence_id, sequence_number, writer, write_timestamp,"
                + " adapter_manifest, event_payload, event_ser_id, event_ser_manifest,"
                + " meta_payload, meta_ser_id, meta_ser_manifest)"
                + " VALUES (false, ?, ?, ?, ?, '', ?, ?, ?, NULL, NULL, NULL)")) {
      while (System.nanoTime() < deadline) {
        long started = System.nanoTime();
        int rows = fewer + (random.nextDouble() < moreShare ? 1 : 0);
        for (int i = 0; i < rows; i++) {
          EventSizes.Entry event = sizes.draw(random);
          insert.setString(1, "Raw|" + writer + ":" + events / EVENTS_PER_ENTITY);
          insert.setLong(2, events % EVENTS_PER_ENTITY + 1);
          insert.setString(3, writer);
          insert.setLong(4, System.currentTimeMillis());
          int offset = random.nextInt(noise.length - event.bytes() + 1);
          insert.setBytes(5, Arrays.copyOfRange(noise, offset, offset + event.bytes()));
          insert.setInt(6, event.serializerId());
          insert.setString(7, event.manifest());
          insert.addBatch();
          events++;
        }
        // As the journal's Slick insert does for any number of rows: one JDBC batch.
        insert.executeBatch();
        connection.commit();
        commits++;
        commitLatency.record(System.nanoTime() - started);
      }
    }
    return new Written(events, commits);
  }
}
