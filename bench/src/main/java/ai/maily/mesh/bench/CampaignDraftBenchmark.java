package ai.maily.mesh.bench;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.node.MeshNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the {@code campaign-draft} playbook on one embedded node with its real agents and the
 * local composer (no language model): each task is submitted through the REST API on loopback and
 * timed until its view reports {@code AWAITING_APPROVAL}, i.e. the copywriter, the three checks and
 * the optimizer have answered; the approval and the certifier are not part of it. A fixed number of
 * tasks is kept in flight (closed loop) until the time or the task count runs out.
 *
 * <p>Options (defaults): {@code --concurrency} tasks in flight (2), {@code --seconds} at most (60),
 * {@code --tasks} at most (400), {@code --warmup} tasks run one at a time first and not counted
 * (20), {@code --poll-ms} between two reads of a task's view (20; the latencies' resolution).
 *
 * <pre>
 * java -cp bench/target/classes:$(cat /tmp/cp.txt) ai.maily.mesh.bench.CampaignDraftBenchmark \
 *     --concurrency 2 --seconds 60 --tasks 400
 * </pre>
 */
public final class CampaignDraftBenchmark {

  private static final Set<String> OPTIONS =
      Set.of("concurrency", "seconds", "tasks", "warmup", "poll-ms");

  /** How long one task may take before it counts as failed. */
  private static final Duration TASK_TIMEOUT = Duration.ofSeconds(60);

  private CampaignDraftBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs options = BenchArgs.parse(args, OPTIONS);
    int concurrency = options.integer("concurrency", 2);
    Duration window = Duration.ofSeconds(options.integer("seconds", 60));
    int maxTasks = options.integer("tasks", 400);
    int warmup = options.integer("warmup", 20);
    Duration poll = Duration.ofMillis(options.integer("poll-ms", 20));
    try (BenchDatabase database = BenchDatabase.freshH2()) {
      Config overrides =
          ConfigFactory.parseString(
                  String.join(
                      "\n",
                      "mesh.http.port = 0",
                      "mesh.grpc.port = 0",
                      "pekko.management.http.port = 0",
                      "pekko.remote.artery.canonical.port = 0",
                      "pekko.coordinated-shutdown.exit-jvm = off",
                      "pekko.loglevel = WARNING"))
              .withFallback(database.nodeOverrides());
      try (MeshNode node = MeshNode.start(overrides)) {
        Driver driver = new Driver(node, poll);
        driver.awaitReady();
        for (int i = 0; i < warmup; i++) {
          driver.run(-1 - i);
        }
        StringBuilder report = new StringBuilder();
        report.append("## campaign-draft on the embedded node (local composer)\n\n");
        report.append(Machine.describe()).append(database.describe());
        report
            .append("- closed loop: ")
            .append(concurrency)
            .append(" in flight, at most ")
            .append(window.toSeconds())
            .append(" s or ")
            .append(maxTasks)
            .append(" tasks; ")
            .append(warmup)
            .append(" warm-up tasks before; polled every ")
            .append(poll.toMillis())
            .append(" ms\n")
            .append("- measured: REST submit → the task view says AWAITING_APPROVAL\n\n");
        report.append(closedLoop(driver, concurrency, window, maxTasks));
        System.out.println(report);
      }
    }
  }

  private static String closedLoop(Driver driver, int concurrency, Duration window, int maxTasks)
      throws InterruptedException {
    LatencyRecorder latencies = new LatencyRecorder();
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + window.toNanos();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < concurrency; w++) {
      Thread worker =
          new Thread(
              () -> {
                int task;
                while (System.nanoTime() < deadline && (task = next.getAndIncrement()) < maxTasks) {
                  long began = System.nanoTime();
                  if (driver.run(task)) {
                    latencies.record(System.nanoTime() - began);
                  } else {
                    latencies.fail();
                  }
                }
              },
              "campaign-draft-" + w);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LatencyRecorder.Summary s = latencies.summary();
    return new MarkdownTable(
            "in flight", "tasks", "failed", "seconds", "tasks/s", "p50 ms", "p99 ms", "max ms")
        .row(
            String.valueOf(concurrency),
            String.valueOf(s.count()),
            String.valueOf(s.failures()),
            MarkdownTable.number(seconds, 1),
            MarkdownTable.number(s.count() / seconds, 2),
            MarkdownTable.number(s.p50Ms(), 0),
            MarkdownTable.number(s.p99Ms(), 0),
            MarkdownTable.number(s.maxMs(), 0))
        .toString();
  }

  /** Submits campaign-draft tasks to the node over loopback and waits for each to park. */
  private static final class Driver {

    private final HttpClient client = HttpClient.newHttpClient();
    private final MeshNode node;
    private final String token;
    private final Duration poll;

    Driver(MeshNode node, Duration poll) {
      this.node = node;
      this.token = node.devToken().orElseThrow(() -> new IllegalStateException("no dev token"));
      this.poll = poll;
    }

    void awaitReady() throws IOException, InterruptedException {
      URI ready = URI.create("http://127.0.0.1:" + node.managementPort() + "/health/ready");
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (client
              .send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString())
              .statusCode()
          != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the node did not become ready");
        }
        Thread.sleep(200);
      }
    }

    /** Runs task {@code n} (its brief's seed) until it awaits approval; false if it failed. */
    boolean run(int n) {
      try {
        HttpResponse<String> submitted =
            send(
                request("/tasks")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(submission(n)))
                    .build());
        if (submitted.statusCode() != 202) {
          return false;
        }
        String taskId = Json.MAPPER.readTree(submitted.body()).path("taskId").asText();
        long deadline = System.nanoTime() + TASK_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
          JsonNode task = Json.MAPPER.readTree(send(request("/tasks/" + taskId).build()).body());
          String status = task.path("status").asText();
          if (status.equals("AWAITING_APPROVAL")) {
            return true;
          }
          if (!status.equals("RUNNING")) {
            return false;
          }
          Thread.sleep(poll.toMillis());
        }
        return false;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private HttpRequest.Builder request(String path) {
      return HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1" + path))
          .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request)
        throws IOException, InterruptedException {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The brief and spammy draft of {@code CampaignDraftIT}, with its own seed. */
    private static String submission(int seed) {
      return """
          {"playbook": "campaign-draft", "input": {
           "brief": {"goal": "promotion", "tone": "friendly", "industry": "hobbies",
                     "product": "Trailhead 2 hiking boots", "brand": "Acme Outdoor",
                     "audience": "hikers in Colorado",
                     "keyPoints": ["Waterproof Gore-Tex lining", "Free returns for 60 days"],
                     "offer": "20%% off", "deadline": "Sunday", "callToAction": "Shop the boots",
                     "url": "https://acme.com/trailhead", "seed": %d, "variants": 5},
           "email": {"from": "Acme Outdoor <news@acme.com>",
                     "subject": "FREE GIFT!!! Act now, 100%% FREE boots",
                     "preheader": "Click here to claim your free gift",
                     "text": "Act now! This is a once in a lifetime deal. Click here to claim your 100%% free gift, no strings attached. Limited time only!!! https://acme.com/trailhead",
                     "headers": {"List-Unsubscribe": "<https://acme.com/unsubscribe>"}},
           "audience": {"fields": ["first_name"],
                        "segments": [{"name": "hikers", "values": {"first_name": "Dana"}}]},
           "schedule": {"timezone": "America/Denver"}}}
          """
          .formatted(Math.abs(seed));
    }
  }
}
