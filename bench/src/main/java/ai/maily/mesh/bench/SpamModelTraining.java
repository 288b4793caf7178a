package ai.maily.mesh.bench;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.MimeEmail;
import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.compliance.LogisticRegression;
import ai.maily.mesh.agents.compliance.Sender;
import ai.maily.mesh.agents.compliance.SpamCheck;
import ai.maily.mesh.agents.compliance.SpamModel;
import ai.maily.mesh.agents.embedding.Embedding;
import ai.maily.mesh.agents.embedding.EmbeddingSettings;
import ai.maily.mesh.agents.embedding.LocalEmbeddingModel;
import ai.maily.mesh.core.evaluation.RocAuc;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Trains the compliance agent's {@link SpamModel} and writes it where the agent loads it from.
 *
 * <p>Inputs: the labelled corpus ({@code spam/} and {@code ham/} of {@code --corpus}, see its
 * README) and our own labelled marketing texts ({@code marketing-texts.tsv} here). Each example is
 * what the agent embeds ({@link SpamCheck#textOf}): subject, line break, visible body. A corpus
 * message is held out when the md5 in its file name starts with 0 to 3 (a quarter, fixed by the
 * files themselves); the model trains on the rest and on every marketing text, the marketing texts
 * weighted so that both sources count the same in the loss. The program prints accuracy and ROC AUC
 * on the held-out real mail for the model and, for comparison, for the rule-based score alone (10
 * minus the score, so that higher means spammier).
 *
 * <p>Run from the repository root (see docs/benchmarks/agents.md, "Spam classifier"):
 *
 * <pre>
 * mvn -B -q -o -pl bench -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp bench/target/classes:$(cat /tmp/cp.txt) ai.maily.mesh.bench.SpamModelTraining \
 *   --corpus ../shared/testdata/email-corpus
 * </pre>
 */
public final class SpamModelTraining {

  private static final String MARKETING_TEXTS = "marketing-texts.tsv";
  private static final String HELD_OUT_PREFIXES = "0123";
  private static final int EMBED_CHUNK = 256;

  private SpamModelTraining() {}

  /** One labelled text. */
  private record Example(String name, Email email, String text, boolean spam, boolean heldOut) {}

  /** Trains and evaluates; see the class comment. */
  public static void main(String[] args) throws IOException {
    BenchArgs options =
        BenchArgs.parse(args, Set.of("corpus", "out", "iterations", "learning-rate", "l2"));
    Path corpus = Path.of(options.text("corpus", "../shared/testdata/email-corpus"));
    Path out =
        Path.of(
            options.text(
                "out",
                "agents/src/main/resources/ai/maily/mesh/agents/compliance/" + SpamModel.RESOURCE));
    LogisticRegression training =
        new LogisticRegression(
            options.integer("iterations", 2000),
            Double.parseDouble(options.text("learning-rate", "0.5")),
            Double.parseDouble(options.text("l2", "0.01")));

    System.out.println(Machine.describe());
    List<Example> real = new ArrayList<>();
    real.addAll(corpusFolder(corpus.resolve("spam"), true));
    real.addAll(corpusFolder(corpus.resolve("ham"), false));
    List<Example> marketing = marketingTexts();
    System.out.printf(
        "corpus %s: %d messages (%d spam), %d held out; %d marketing texts (%d spam)%n",
        corpus,
        real.size(),
        real.stream().filter(Example::spam).count(),
        real.stream().filter(Example::heldOut).count(),
        marketing.size(),
        marketing.stream().filter(Example::spam).count());

    List<Example> all = new ArrayList<>(real);
    all.addAll(marketing);
    long start = System.nanoTime();
    List<float[]> vectors = embed(all.stream().map(Example::text).toList());
    System.out.printf(
        "embedded %d texts in %.1f s%n", all.size(), (System.nanoTime() - start) / 1e9);

    List<float[]> trainX = new ArrayList<>();
    List<Boolean> trainY = new ArrayList<>();
    List<Double> trainW = new ArrayList<>();
    long trainedRealCount = real.stream().filter(e -> !e.heldOut()).count();
    // The two sources weigh the same in the loss: 2002 mail alone teaches that any discount is
    // spam, and our marketing texts are what the agent sees today.
    double marketingWeight = (double) trainedRealCount / marketing.size();
    for (int i = 0; i < all.size(); i++) {
      if (!all.get(i).heldOut()) {
        trainX.add(vectors.get(i));
        trainY.add(all.get(i).spam());
        trainW.add(i < real.size() ? 1.0 : marketingWeight);
      }
    }
    start = System.nanoTime();
    SpamModel model =
        training.fit(trainX, trainY, trainW.stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf(
        "trained on %d texts: %s in %.1f s%n",
        trainX.size(), training, (System.nanoTime() - start) / 1e9);

    List<Integer> heldOut = new ArrayList<>();
    List<Integer> trainedReal = new ArrayList<>();
    for (int i = 0; i < real.size(); i++) {
      (real.get(i).heldOut() ? heldOut : trainedReal).add(i);
    }
    ToDoubleFunction<Integer> modelScore = i -> model.probability(vectors.get(i));
    ToDoubleFunction<Integer> ruleScore =
        i -> 10 - ComplianceRules.check(real.get(i).email(), Sender.UNKNOWN).score();
    System.out.println();
    System.out.println("| scorer | mail | messages | accuracy | ROC AUC |");
    System.out.println("| --- | --- | --- | --- | --- |");
    report("spam model (p >= 0.5)", "held-out real", heldOut, real, modelScore, 0.5);
    report("spam model (p >= 0.5)", "trained-on real", trainedReal, real, modelScore, 0.5);
    // The rules fail an email (an error or critical finding) from 1.5 points off the score.
    report(
        "rule score (fails when 10 - score >= 1.5)",
        "held-out real",
        heldOut,
        real,
        ruleScore,
        1.5);
    System.out.println();

    String trainedOn =
        String.format(
            Locale.ROOT,
            "%d real messages of the SpamAssassin corpus (md5 of the file name not starting with"
                + " 0-3) and %d marketing texts of our own, weighted %.2f each; %s",
            trainedReal.size(),
            marketing.size(),
            marketingWeight,
            training);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(
        out,
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(model.toJson(trainedOn))
            + "\n");
    System.out.println("wrote " + out);
  }

  private static void report(
      String scorer,
      String mail,
      List<Integer> indices,
      List<Example> real,
      ToDoubleFunction<Integer> score,
      double threshold) {
    List<RocAuc.Scored> scored = new ArrayList<>();
    int correct = 0;
    for (int i : indices) {
      double s = score.applyAsDouble(i);
      boolean spam = real.get(i).spam();
      scored.add(new RocAuc.Scored(s, spam));
      if ((s >= threshold) == spam) {
        correct++;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.3f | %.3f |%n",
        scorer,
        mail,
        indices.size(),
        (double) correct / indices.size(),
        RocAuc.of(scored));
  }

  private static List<Example> corpusFolder(Path folder, boolean spam) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(folder)) {
      files = list.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
    }
    List<Example> examples = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      // <number>.<md5>.eml
      String md5 = name.split("\\.")[1];
      Email email = MimeEmail.parse(Files.readAllBytes(file));
      examples.add(
          new Example(
              name,
              email,
              SpamCheck.textOf(email),
              spam,
              HELD_OUT_PREFIXES.indexOf(md5.charAt(0)) >= 0));
    }
    return examples;
  }

  /**
   * Lines {@code spam|ham <TAB> subject <TAB> body}; blank lines and {@code #} comments skipped.
   */
  private static List<Example> marketingTexts() throws IOException {
    List<Example> examples = new ArrayList<>();
    try (InputStream in = SpamModelTraining.class.getResourceAsStream(MARKETING_TEXTS);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        if (fields.length != 3 || !Set.of("spam", "ham").contains(fields[0])) {
          throw new IllegalStateException(
              MARKETING_TEXTS + " line " + number + ": want spam|ham, subject, body by tabs");
        }
        Email email =
            new Email(
                "Marketing <news@example.com>",
                Optional.empty(),
                fields[1],
                Optional.empty(),
                Optional.empty(),
                Optional.of(fields[2]),
                Map.of());
        examples.add(
            new Example(
                MARKETING_TEXTS + ":" + number,
                email,
                SpamCheck.textOf(email),
                fields[0].equals("spam"),
                false));
      }
    }
    return examples;
  }

  private static List<float[]> embed(List<String> texts) {
    try (LocalEmbeddingModel model =
        LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(ConfigFactory.load()))) {
      model.ready().toCompletableFuture().join();
      List<float[]> vectors = new ArrayList<>(texts.size());
      for (int from = 0; from < texts.size(); from += EMBED_CHUNK) {
        List<String> chunk = texts.subList(from, Math.min(texts.size(), from + EMBED_CHUNK));
        for (Embedding embedding : model.embedAll(chunk).toCompletableFuture().join()) {
          vectors.add(embedding.toArray());
        }
      }
      return vectors;
    }
  }
}
