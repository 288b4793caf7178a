package ai.maily.mesh.bench;

import ai.maily.mesh.agents.embedding.DjlSentenceEncoder;
import ai.maily.mesh.agents.embedding.Embedding;
import ai.maily.mesh.agents.embedding.EmbeddingSettings;
import ai.maily.mesh.agents.embedding.LocalEmbeddingModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Embeddings per second of the local model (all-MiniLM-L6-v2, quantized) through DJL against the
 * same model through ONNX Runtime's Java API directly, the limit, at several batch sizes and in one
 * run: every timed round runs each path once over the same texts, in rotating order, so that load
 * from elsewhere on the machine falls on all paths alike.
 *
 * <p>The paths: each text in a run of its own (what the node does, ADR 0026) through DJL and
 * directly; all texts of a batch in one padded run, through DJL and directly; and the node's {@link
 * LocalEmbeddingModel} (micro-batcher and DJL), given a batch at a time with {@code embedAll}. The
 * line printed per path gives the median round; one-tensor runs also report how far their vectors
 * drift from each text's own (the model quantizes activations per tensor).
 *
 * <pre>
 * mvn -q -pl bench exec:java -Dexec.mainClass=ai.maily.mesh.bench.EmbeddingBenchmark \
 *   -Dexec.args="--batches 1,8,32 --texts 256 --rounds 7 --warmup 2 --threads 1"
 * </pre>
 */
public final class EmbeddingBenchmark {

  /** Email-like sentences of varied length; the texts of a round cycle through them. */
  private static final List<String> SENTENCES =
      List.of(
          "Spring sale: 20% off every plan until Sunday.",
          "Your invoice for November is attached.",
          "Hi Anna, we miss you! Come back this week and get your first month free.",
          "Unsubscribe at any time by clicking the link at the bottom of this email.",
          "Your order has shipped and will arrive on Tuesday.",
          "Last chance: the early-bird price for the conference ends at midnight.",
          "We updated our privacy policy; the changes take effect on the first of next month.",
          "Meet the new dashboard: faster reports, custom alerts, and a dark mode you asked for.",
          "Thanks for your feedback. Our support team will reply within one business day.",
          "Free shipping on orders over 50 euros, this weekend only.",
          "Reset your password with the link below; it expires in thirty minutes.",
          "Join our webinar on Thursday to learn how teams cut their email bounce rate in half,"
              + " with live questions at the end and a recording for everyone who registers.",
          "Your subscription renews on 12 January. No action is needed.",
          "Three tips to write subject lines that people open, from our copy team.",
          "Congratulations! You have been selected for an exclusive VIP offer.",
          "Our store in Lyon opens its doors on Saturday with music, coffee and a welcome gift"
              + " for the first hundred visitors, so bring your friends and family along.");

  private EmbeddingBenchmark() {}

  /** A path the benchmark measures: embeds a batch of texts. */
  @FunctionalInterface
  private interface Path {
    void embed(String[] batch) throws Exception;
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    BenchArgs options =
        BenchArgs.parse(
            args, Set.of("batches", "texts", "rounds", "warmup", "threads", "max-tokens"));
    List<Integer> batches = options.integers("batches", "1,8,32");
    int textCount = options.integer("texts", 256);
    int rounds = options.integer("rounds", 7);
    int warmup = options.integer("warmup", 2);
    int threads = options.integer("threads", 1);
    int maxTokens = options.integer("max-tokens", 256);

    String[] texts = new String[textCount];
    for (int i = 0; i < textCount; i++) {
      texts[i] = SENTENCES.get(i % SENTENCES.size());
    }
    int largest = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
    EmbeddingSettings settings =
        new EmbeddingSettings(largest, Duration.ZERO, Math.max(largest, 4096), maxTokens, threads);

    System.out.println("# Embedding benchmark\n");
    System.out.println(Machine.describe());
    System.out.printf(
        "- texts per round: %d (%d sentences cycled), %d warm-up and %d timed rounds,"
            + " ONNX Runtime intra-op threads: %d, max tokens: %d%n%n",
        textCount, SENTENCES.size(), warmup, rounds, threads, maxTokens);

    try (DjlSentenceEncoder djl = DjlSentenceEncoder.load(maxTokens, threads);
        DirectOnnxEncoder direct = new DirectOnnxEncoder(maxTokens, threads);
        LocalEmbeddingModel model = LocalEmbeddingModel.start(settings)) {
      model.ready().toCompletableFuture().join();
      MarkdownTable table =
          new MarkdownTable("batch", "path", "embeddings/s (median)", "DJL / direct");
      MarkdownTable drift =
          new MarkdownTable("batch", "mean cosine to own vector", "lowest cosine to own vector");
      for (int batch : batches) {
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put("DJL, each text alone", djl::encode);
        paths.put("ONNX Runtime direct, each text alone", direct::encode);
        if (batch > 1) {
          paths.put("DJL, one tensor", djl::encodeTogether);
          paths.put("ONNX Runtime direct, one tensor", direct::encodeTogether);
        }
        paths.put(
            "LocalEmbeddingModel (batcher + DJL)",
            chunk -> model.embedAll(Arrays.asList(chunk)).toCompletableFuture().join());
        Map<String, Double> rates = measure(paths, texts, batch, rounds, warmup);
        for (Map.Entry<String, Double> rate : rates.entrySet()) {
          table.row(
              batch,
              rate.getKey(),
              MarkdownTable.number(rate.getValue(), 1),
              ratio(rate.getKey(), rates));
        }
        if (batch > 1) {
          double[] cosines = drift(djl, texts, batch);
          drift.row(
              batch, MarkdownTable.number(cosines[0], 4), MarkdownTable.number(cosines[1], 4));
        }
      }
      System.out.println(table);
      System.out.println("One-tensor vectors against each text's own (DJL, same texts):\n");
      System.out.println(drift);
    }
  }

  private static Map<String, Double> measure(
      Map<String, Path> paths, String[] texts, int batch, int rounds, int warmup) throws Exception {
    List<String> names = new ArrayList<>(paths.keySet());
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    names.forEach(name -> rates.put(name, new ArrayList<>()));
    for (int round = 0; round < warmup + rounds; round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((round + i) % names.size());
        long start = System.nanoTime();
        for (int from = 0; from < texts.length; from += batch) {
          paths
              .get(name)
              .embed(Arrays.copyOfRange(texts, from, Math.min(texts.length, from + batch)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (round >= warmup) {
          rates.get(name).add(texts.length / seconds);
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    rates.forEach((name, values) -> medians.put(name, median(values)));
    return medians;
  }

  /** DJL against direct for the two DJL paths with a direct twin; blank for the others. */
  private static String ratio(String name, Map<String, Double> rates) {
    if (!name.startsWith("DJL, ")) {
      return "";
    }
    Double direct = rates.get(name.replace("DJL, ", "ONNX Runtime direct, "));
    return MarkdownTable.number(100 * rates.get(name) / direct, 1) + " %";
  }

  private static double[] drift(DjlSentenceEncoder djl, String[] texts, int batch) {
    double sum = 0;
    double lowest = 1;
    int count = 0;
    for (int from = 0; from + batch <= texts.length; from += batch) {
      String[] chunk = Arrays.copyOfRange(texts, from, from + batch);
      Embedding[] together = djl.encodeTogether(chunk);
      Embedding[] alone = djl.encode(chunk);
      for (int i = 0; i < chunk.length; i++) {
        double cosine = together[i].similarity(alone[i]);
        sum += cosine;
        lowest = Math.min(lowest, cosine);
        count++;
      }
    }
    return new double[] {sum / count, lowest};
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }
}
