package ai.maily.mesh.bench;

import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.node.MeshNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Measures the task coordinator on one node: the maximum tasks/s of the 5-step fan-out/fan-in plan
 * with a fixed number of tasks in flight, then p50/p99/max latency at fixed arrival rates below
 * that maximum, then counts from the journal what every task wrote. Prints Markdown and leaves the
 * events' payload sizes for {@link RawJdbcBenchmark}.
 *
 * <p>Before it measures, it warms up over the same phases until the JIT compiler has settled (see
 * {@link #warmUp}).
 *
 * <p>Options (defaults): {@code --db h2|postgres} (h2), {@code --warmup-seconds}, the least (20),
 * {@code --warmup-max-seconds}, the most (240), {@code --seconds} per closed-loop level (10),
 * {@code --concurrency} tasks in flight (8,32,128), {@code --open-fractions} of the maximum to
 * offer open-loop (0.5), {@code --open-seconds} (30), {@code --set key=value} node setting,
 * repeatable, and {@code --sizes-out} (bench/target/event-sizes-DB.tsv).
 *
 * <pre>
 * mvn -B -q -pl bench exec:java -Dexec.mainClass=ai.maily.mesh.bench.CoordinatorBenchmark \
 *     -Dexec.args="--db postgres --set mesh.tasks.passivate-after=2m"
 * </pre>
 */
public final class CoordinatorBenchmark {

  /** How long each phase runs in a warm-up pass. */
  private static final Duration WARMUP_SLICE = Duration.ofSeconds(5);

  /** The JIT compiler's CPU, in cores, below which it counts as settled. */
  private static final double JIT_SETTLED = 0.05;

  private static final Set<String> OPTIONS =
      Set.of(
          "db",
          "warmup-seconds",
          "warmup-max-seconds",
          "seconds",
          "concurrency",
          "open-seconds",
          "open-fractions",
          "set",
          "sizes-out");

  /**
   * Settings every benchmark node gets: free ports, quiet logs, no JVM exit on shutdown, and no
   * playbooks (those of the class path name agents that a benchmark node does not host).
   */
  static final Config BENCH_NODE =
      ConfigFactory.parseString(
          String.join(
              "\n",
              "mesh.http.port = 0",
              "mesh.grpc.port = 0",
              "mesh.playbooks = null",
              "pekko.management.http.port = 0",
              "pekko.remote.artery.canonical.port = 0",
              "pekko.coordinated-shutdown.exit-jvm = off",
              "pekko.loglevel = WARNING"));

  /** Settings that shape the measurement; printed with the results. */
  private static final List<String> REPORTED_SETTINGS =
      List.of(
          "jdbc-journal.batchSize",
          "jdbc-journal.parallelism",
          "mesh.db.h2-sync-interval",
          "pekko-persistence-jdbc.shared-databases.mesh.db.maxConnections",
          "mesh.agents.pool-size",
          "mesh.agents.max-concurrency",
          "mesh.agents.snapshot-every",
          "mesh.tasks.passivate-after",
          "mesh.tasks.recovery.record-after",
          "mesh.tasks.max-running",
          "mesh.tasks.max-submitting");

  private CoordinatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs options = BenchArgs.parse(args, OPTIONS);
    BenchDatabase.Engine engine = BenchDatabase.Engine.named(options.text("db", "h2"));
    Config experiments = ConfigFactory.empty();
    for (String setting : options.all("set")) {
      experiments = ConfigFactory.parseString(setting).withFallback(experiments);
    }
    try (BenchDatabase database =
        engine == BenchDatabase.Engine.H2
            ? BenchDatabase.freshH2()
            : BenchDatabase.scratchPostgres()) {
      run(options, database, experiments);
    }
  }

  private static void run(BenchArgs options, BenchDatabase database, Config experiments)
      throws Exception {
    Duration window = Duration.ofSeconds(options.integer("seconds", 10));
    List<Integer> concurrencies = options.integers("concurrency", "8,32,128");
    Config overrides = experiments.withFallback(BENCH_NODE).withFallback(database.nodeOverrides());

    StringBuilder report = new StringBuilder();
    report.append("## Coordinator benchmark on ").append(database.engine()).append("\n\n");
    report.append(Machine.describe()).append(database.describe());

    List<TaskLoad.PhaseResult> closed = new ArrayList<>();
    List<TaskLoad.PhaseResult> open = new ArrayList<>();
    long tasks;
    try (MeshNode node = MeshNode.start(overrides, AgentRegistry.of(List.of(new NoopAgent())))) {
      Config config = node.system().settings().config();
      report.append("- settings (").append(options.all("set").size()).append(" overridden):");
      REPORTED_SETTINGS.forEach(
          key ->
              report
                  .append(" `")
                  .append(key)
                  .append("=")
                  .append(config.getValue(key).render())
                  .append("`"));
      report.append("\n\n");

      TaskLoad load = TaskLoad.on(node.system(), config.getDuration("mesh.ask-timeout"), database);
      report.append(
          warmUp(
              load,
              concurrencies,
              Duration.ofSeconds(options.integer("warmup-seconds", 20)),
              Duration.ofSeconds(options.integer("warmup-max-seconds", 240))));
      for (int concurrency : concurrencies) {
        progress("closed loop: " + concurrency + " in flight");
        closed.add(load.closedLoop(concurrency, window));
      }
      double max =
          closed.stream().mapToDouble(TaskLoad.PhaseResult::tasksPerSecond).max().orElseThrow();
      for (double fraction : options.decimals("open-fractions", "0.5")) {
        double rate = fraction * max;
        progress("open loop: " + MarkdownTable.number(rate, 1) + " tasks/s");
        TaskLoad.PhaseResult phase =
            load.openLoop(rate, Duration.ofSeconds(options.integer("open-seconds", 30)));
        open.add(phase);
        if (phase.unfinished() > 0) {
          progress(phase.unfinished() + " tasks did not end; no higher rate is offered");
          break;
        }
      }
      tasks = load.admitted();
    }

    JournalCensus census;
    try (Connection connection = database.connect()) {
      census = JournalCensus.take(connection, database.engine());
    }
    census.sizes().save(Path.of(options.text("sizes-out", defaultSizesFile(database.engine()))));
    report(report, closed, open, census, tasks);
    System.out.println(report);
  }

  /**
   * Runs the phases to be measured — every closed-loop level, then an open loop at half of the best
   * of them — for {@link #WARMUP_SLICE} each, pass after pass, until a pass in which the JIT
   * compiler used at most {@link #JIT_SETTLED} cores and at least {@code least} has passed, or
   * until {@code most} has. On 2 cores HotSpot's compiler takes about a third of the machine for
   * the first minute of load, and each new kind of load brings more to compile: measured before it
   * settles, a phase measures the compiler too. Returns the report's line about it.
   */
  private static String warmUp(
      TaskLoad load, List<Integer> concurrencies, Duration least, Duration most)
      throws InterruptedException, SQLException {
    long started = System.nanoTime();
    int passes = 0;
    double jit;
    Duration elapsed;
    do {
      passes++;
      progress("warm-up pass " + passes);
      CpuUsage before = CpuUsage.read();
      double best = 0;
      for (int concurrency : concurrencies) {
        best = Math.max(best, load.closedLoop(concurrency, WARMUP_SLICE).tasksPerSecond());
      }
      load.openLoop(best / 2, WARMUP_SLICE);
      jit = CpuUsage.read().since(before).jit();
      elapsed = Duration.ofNanos(System.nanoTime() - started);
    } while (elapsed.compareTo(most) < 0 && (jit > JIT_SETTLED || elapsed.compareTo(least) < 0));
    return "- warm-up: "
        + passes
        + " pass(es) over the phases, "
        + elapsed.toSeconds()
        + " s; the JIT compiler used "
        + MarkdownTable.number(jit, 2)
        + " cores in the last one"
        + (jit > JIT_SETTLED ? " (**not settled**)" : "")
        + "\n\n";
  }

  private static void report(
      StringBuilder report,
      List<TaskLoad.PhaseResult> closed,
      List<TaskLoad.PhaseResult> open,
      JournalCensus census,
      long tasks) {
    double eventsPerTask = (double) census.events() / tasks;
    TaskLoad.PhaseResult best = closed.get(0);
    for (TaskLoad.PhaseResult phase : closed) {
      if (phase.tasksPerSecond() > best.tasksPerSecond()) {
        best = phase;
      }
    }
    MarkdownTable closedTable = phaseTable("in flight");
    for (TaskLoad.PhaseResult phase : closed) {
      addPhase(closedTable, phase.concurrency(), phase, eventsPerTask);
    }
    MarkdownTable openTable = phaseTable("offered tasks/s (of max)");
    for (TaskLoad.PhaseResult phase : open) {
      String offered =
          MarkdownTable.number(phase.offeredPerSecond(), 1)
              + " ("
              + MarkdownTable.number(100 * phase.offeredPerSecond() / best.tasksPerSecond(), 0)
              + " %)";
      addPhase(openTable, offered, phase, eventsPerTask);
    }
    List<CpuUsage.Cores> cpu = new ArrayList<>();
    closed.forEach(phase -> cpu.add(phase.window().cpu()));
    open.forEach(phase -> cpu.add(phase.window().cpu()));

    report.append("### Closed loop (fixed number of tasks in flight)\n\n").append(closedTable);
    report.append("\n### Open loop (fixed arrival rate)\n\n").append(openTable);
    report.append(
        "\nevents/s = tasks/s × events per task (below); an event is a journal row, which");
    report.append(" holds the events of one write (ADR 0019). Counted in the database during");
    report.append(" the window: journal rows/s; rows per write, where a write is a writing");
    report.append(" transaction on PostgreSQL (server-wide) and a file write of the store on H2");
    report.append(
        " (a commit's chunk, or one of H2's own); KiB written per task, PostgreSQL's WAL");
    report.append(" (server-wide) or H2's store file. CPU is in cores: this JVM (of it, its JIT");
    report.append(" compiler) / PostgreSQL / other processes.\n");
    report.append(CpuUsage.disturbance(cpu));
    for (TaskLoad.PhaseResult phase : open) {
      report
          .append("\np99 ms by the second in which tasks were due, at ")
          .append(MarkdownTable.number(phase.offeredPerSecond(), 1))
          .append(" tasks/s: ")
          .append(
              phase.bySecond().stream()
                  .map(second -> MarkdownTable.number(second.p99Ms(), 0))
                  .collect(Collectors.joining(" ")))
          .append("\n\nthe load's own lag behind the due time, max ms by the second: ")
          .append(
              phase.lagBySecond().stream()
                  .map(second -> MarkdownTable.number(second.maxMs(), 0))
                  .collect(Collectors.joining(" ")))
          .append('\n');
      if (phase.unfinished() > 0) {
        report
            .append("\n**")
            .append(phase.unfinished())
            .append(" tasks of this open loop had not ended ")
            .append(TaskLoad.DRAIN_TIMEOUT.toSeconds())
            .append(" s after it**: the mesh did not keep up with this rate, and its latencies")
            .append(" above leave those tasks out.\n");
      }
    }
    report
        .append("\n### What the mesh wrote (")
        .append(tasks)
        .append(" tasks admitted, warm-up included)\n\n");
    report.append(census.byEntityType(tasks)).append('\n').append(census.byManifest(tasks));
    report.append('\n').append(census.snapshotLine());
    report.append("; ").append(census.journalLine(tasks)).append("\n\n### Summary\n\n");
    report
        .append("- max throughput: ")
        .append(MarkdownTable.number(best.tasksPerSecond(), 1))
        .append(" tasks/s with ")
        .append(best.concurrency())
        .append(" in flight\n- events per task: ")
        .append(MarkdownTable.number(eventsPerTask, 2))
        .append("\n- mesh events/s at max: ")
        .append(MarkdownTable.number(best.tasksPerSecond() * eventsPerTask, 0))
        .append("\n- average event payload: ")
        .append(MarkdownTable.number(census.sizes().averageBytes(), 0))
        .append(" bytes\n");
    for (TaskLoad.PhaseResult phase : open) {
      report
          .append("- at ")
          .append(MarkdownTable.number(phase.offeredPerSecond(), 1))
          .append(" tasks/s offered: p50 ")
          .append(MarkdownTable.number(phase.latency().p50Ms(), 1))
          .append(" ms, p99 ")
          .append(MarkdownTable.number(phase.latency().p99Ms(), 1))
          .append(" ms");
      if (phase.latency().refusals() > 0) {
        report
            .append(", ")
            .append(phase.latency().refusals())
            .append(" submissions refused (node full, mesh.tasks.max-running)");
      }
      report.append('\n');
    }
  }

  private static MarkdownTable phaseTable(String load) {
    return new MarkdownTable(
        load,
        "tasks/s",
        "events/s",
        "journal rows/s",
        "rows per write",
        "KiB written per task",
        "p50 ms",
        "p99 ms",
        "max ms",
        "failed",
        "refused",
        "CPU cores");
  }

  private static void addPhase(
      MarkdownTable table, Object load, TaskLoad.PhaseResult phase, double eventsPerTask) {
    TaskLoad.Window window = phase.window();
    DatabaseCounters database = window.database();
    table.row(
        load,
        MarkdownTable.number(phase.tasksPerSecond(), 1),
        MarkdownTable.number(phase.tasksPerSecond() * eventsPerTask, 0),
        MarkdownTable.number(database.journalRows() / window.seconds(), 0),
        MarkdownTable.number((double) database.journalRows() / database.writeTransactions(), 2),
        MarkdownTable.number(database.bytesWritten() / 1024.0 / window.completed(), 1),
        MarkdownTable.number(phase.latency().p50Ms(), 1),
        MarkdownTable.number(phase.latency().p99Ms(), 1),
        MarkdownTable.number(phase.latency().maxMs(), 1),
        phase.latency().failures(),
        phase.latency().refusals(),
        window.cpu());
  }

  /** Where the event sizes of a run go, and where {@link RawJdbcBenchmark} looks for them. */
  static String defaultSizesFile(BenchDatabase.Engine engine) {
    return System.getProperty("bench.output", "target")
        + "/event-sizes-"
        + engine.name().toLowerCase(Locale.ROOT)
        + ".tsv";
  }

  private static void progress(String what) {
    System.err.println("[bench] " + what);
  }
}
