package ai.maily.mesh.bench;

import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.node.MeshNode;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.service.TrustService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates per second through the trust log on a running node: each certificate is
 * canonicalised, appended, persisted with its batch and proven against the batch's signed
 * checkpoint before its caller hears back. A closed loop keeps a fixed number in flight.
 */
public final class TrustAppendBenchmark {

  private static final Set<String> OPTIONS =
      Set.of("db", "seconds", "warmup-seconds", "concurrency");

  private TrustAppendBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs options = BenchArgs.parse(args, OPTIONS);
    BenchDatabase.Engine engine = BenchDatabase.Engine.named(options.text("db", "h2"));
    try (BenchDatabase database =
        engine == BenchDatabase.Engine.H2
            ? BenchDatabase.freshH2()
            : BenchDatabase.scratchPostgres()) {
      StringBuilder report = new StringBuilder();
      report.append("## Trust log appends on ").append(database.engine()).append("\n\n");
      report.append(Machine.describe());
      report.append("- database: ").append(database.version()).append("\n");
      MarkdownTable table =
          new MarkdownTable("in flight", "certificates/s", "p50 ms", "p99 ms", "max ms", "failed");
      try (MeshNode node =
          MeshNode.start(
              CoordinatorBenchmark.BENCH_NODE.withFallback(database.nodeOverrides()),
              AgentRegistry.of(List.of()))) {
        var config = node.system().settings().config();
        report
            .append("- settings: `mesh.trust.batch-size=")
            .append(config.getInt("mesh.trust.batch-size"))
            .append("` `mesh.trust.batch-window=")
            .append(config.getDuration("mesh.trust.batch-window").toMillis())
            .append("ms`\n\n");
        TrustService trust = TrustService.on(node.system()).orElseThrow();
        List<Integer> concurrencies = options.integers("concurrency", "64,256,1024");
        closedLoop(
            trust,
            concurrencies.get(concurrencies.size() - 1),
            Duration.ofSeconds(options.integer("warmup-seconds", 10)));
        for (int concurrency : concurrencies) {
          Result result =
              closedLoop(trust, concurrency, Duration.ofSeconds(options.integer("seconds", 10)));
          LatencyRecorder.Summary s = result.latencies().summary();
          table.row(
              concurrency,
              MarkdownTable.number(result.perSecond(), 0),
              MarkdownTable.number(s.p50Ms(), 1),
              MarkdownTable.number(s.p99Ms(), 1),
              MarkdownTable.number(s.maxMs(), 1),
              s.failures());
        }
      }
      report.append(table).append('\n');
      System.out.println(report);
    }
  }

  private record Result(double perSecond, LatencyRecorder latencies) {}

  /** Keeps {@code concurrency} certifications in flight for {@code window}. */
  private static Result closedLoop(TrustService trust, int concurrency, Duration window)
      throws Exception {
    LatencyRecorder latencies = new LatencyRecorder();
    AtomicLong done = new AtomicLong();
    AtomicLong sequence = new AtomicLong();
    long deadline = System.nanoTime() + window.toNanos();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < concurrency; i++) {
      CompletableFuture<Void> worker = new CompletableFuture<>();
      next(trust, sequence, deadline, latencies, done, worker);
      workers.add(worker);
    }
    CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new))
        .get(window.toSeconds() + 60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(done.get() / seconds, latencies);
  }

  private static void next(
      TrustService trust,
      AtomicLong sequence,
      long deadline,
      LatencyRecorder latencies,
      AtomicLong done,
      CompletableFuture<Void> worker) {
    if (System.nanoTime() >= deadline) {
      worker.complete(null);
      return;
    }
    long n = sequence.incrementAndGet();
    long started = System.nanoTime();
    trust
        .certify(
            "bench",
            new Subject(SubjectType.EMAIL, "bench-" + n),
            new Content.StructuredEmail(
                "Acme Outdoor <news@acme.com>",
                Optional.empty(),
                "Your trail guide #" + n,
                Optional.empty(),
                Optional.of("Hi Dana,\n\nSpring is here; this is message " + n + ".")))
        .whenCompleteAsync(
            (certificate, error) -> {
              if (error == null) {
                latencies.record(System.nanoTime() - started);
                done.incrementAndGet();
              } else {
                latencies.fail();
              }
              next(trust, sequence, deadline, latencies, done, worker);
            });
  }
}
