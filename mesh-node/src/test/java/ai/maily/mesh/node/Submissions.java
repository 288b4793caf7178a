package ai.maily.mesh.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Submits one {@code email-check} task per idempotency key to a node's REST API from a fixed number
 * of threads, each sending its next key once the last one is answered (a 503 is retried), until the
 * keys run out, the node stops answering, or it is closed.
 */
final class Submissions implements AutoCloseable {

  /** How often one key is submitted while the node answers 503. */
  private static final int MAX_ATTEMPTS = 30;

  /** The node's answer to one key's submission. */
  record Answer(int status, String taskId, boolean created) {}

  private final NodeProcess node;
  private final String token;
  private final List<String> keys;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger retried = new AtomicInteger();
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;

  private Submissions(NodeProcess node, String token, List<String> keys) {
    this.node = node;
    this.token = token;
    this.keys = List.copyOf(keys);
  }

  /** Starts submitting {@code keys} in order, {@code inFlight} at a time. */
  static Submissions start(NodeProcess node, String token, List<String> keys, int inFlight) {
    Submissions submissions = new Submissions(node, token, keys);
    for (int i = 0; i < inFlight; i++) {
      Thread thread = new Thread(submissions::submitUntilDone, "submissions-" + i);
      submissions.threads.add(thread);
      thread.start();
    }
    return submissions;
  }

  private void submitUntilDone() {
    for (int i = next.getAndIncrement(); i < keys.size() && !stopped; i = next.getAndIncrement()) {
      String key = keys.get(i);
      sent.add(key);
      Optional<HttpResponse<String>> response = submit(key);
      if (response.isEmpty()) {
        return;
      }
      JsonNode json = TestNode.json(response.get());
      answers.put(
          key,
          new Answer(
              response.get().statusCode(),
              json.path("taskId").asText(),
              json.path("created").asBoolean()));
    }
  }

  /**
   * Submits {@code key} until the answer is not a 503, waiting its {@code Retry-After} in between,
   * as a client does: the node refuses work when it is overloaded, and answers 503 when an entity
   * did not answer in time (a node busy recovering its tasks). Empty once the node is gone.
   */
  private Optional<HttpResponse<String>> submit(String key) {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = TestNode.send(http, node.postRequest("/tasks", token, body(key)));
      } catch (UncheckedIOException e) {
        return Optional.empty();
      }
      if (response.statusCode() != 503 || attempt == MAX_ATTEMPTS || stopped) {
        return Optional.of(response);
      }
      retried.incrementAndGet();
      long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
      try {
        TimeUnit.SECONDS.sleep(seconds);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static String body(String key) {
    return RestApiIT.submitBody(
        "\"playbook\": \"email-check\"", ", \"idempotencyKey\": \"" + key + "\"");
  }

  /** The keys whose submission was acknowledged (2xx), with their answers. */
  Map<String, Answer> acknowledged() {
    return answers.entrySet().stream()
        .filter(e -> e.getValue().status() / 100 == 2)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** How many 503 answers were submitted again. */
  int retried() {
    return retried.get();
  }

  /** Every answer so far, by key. */
  Map<String, Answer> answers() {
    return Map.copyOf(answers);
  }

  /** The keys sent so far, answered or not. */
  Set<String> sent() {
    return Set.copyOf(sent);
  }

  /** Whether every thread has stopped: all keys answered, or the node went away. */
  boolean done() {
    return threads.stream().noneMatch(Thread::isAlive);
  }

  /** Stops sending new keys and waits for the threads to end. */
  @Override
  public void close() throws IOException {
    stopped = true;
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the submissions", e);
      }
    }
  }
}
