package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.embedding.Embedding;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Shapes a language model's answer into the copywriter's {@link Copy}, as the local composer shapes
 * its own: each variant checked against compliance's rules ({@link CopyChecks}), scored by the
 * cosine of its embedding with the brief's, and ordered by {@link Mmr maximal marginal relevance}
 * with the flagged ones after the clean ones; bodies get their HTML ({@link BodyHtml}); the draft's
 * parts come last.
 */
final class ModelCopy {

  private ModelCopy() {}

  /**
   * The copy in {@code answer}, a JSON object that conforms to {@link CopyPrompt#schema}.
   *
   * @param generation who wrote it, for {@link Copy#generation()}
   */
  static CompletionStage<Copy> of(
      JsonNode answer,
      CopyBrief brief,
      DraftCopy drafts,
      EmbeddingModel embeddings,
      Generation generation) {
    List<Written> subjects = written(answer, "subjects", CopyChecks::subjectFlags, false);
    List<Written> preheaders = written(answer, "preheaders", CopyChecks::phraseFlags, false);
    List<Written> bodies = written(answer, "bodies", CopyChecks::phraseFlags, true);
    List<String> texts = new ArrayList<>();
    texts.add(LocalComposer.query(brief));
    subjects.forEach(w -> texts.add(w.seen()));
    preheaders.forEach(w -> texts.add(w.seen()));
    bodies.forEach(w -> texts.add(w.seen()));
    texts.addAll(drafts.texts());
    return embeddings
        .embedAll(texts)
        .thenApply(
            vectors -> {
              Embedding query = vectors.get(0);
              EmbeddingCursor rest = new EmbeddingCursor(vectors, 1);
              int n = brief.variants();
              List<CopyVariant> s = ranked("s", subjects, rest.next(subjects.size()), query, n);
              List<CopyVariant> p = ranked("p", preheaders, rest.next(preheaders.size()), query, n);
              List<CopyVariant> b = ranked("b", bodies, rest.next(bodies.size()), query, n);
              drafts.addTo(s, p, b, query, rest);
              return new Copy(s, p, b, generation);
            });
  }

  private static List<Written> written(
      JsonNode answer, String kind, Function<String, List<String>> checks, boolean withHtml) {
    List<Written> written = new ArrayList<>();
    for (JsonNode item : answer.path(kind)) {
      String text = item.asText().strip();
      written.add(
          new Written(
              text,
              CopyChecks.seen(text),
              withHtml ? Optional.of(BodyHtml.of(text)) : Optional.empty(),
              checks.apply(text)));
    }
    return written;
  }

  /**
   * Up to {@code count} variants in the order maximal marginal relevance picks them, the clean ones
   * before the flagged ones, numbered in that order.
   */
  private static List<CopyVariant> ranked(
      String prefix, List<Written> written, List<Embedding> vectors, Embedding query, int count) {
    double[] relevance = new double[written.size()];
    for (int i = 0; i < written.size(); i++) {
      relevance[i] = vectors.get(i).similarity(query);
    }
    int[] ownGroups = IntStream.range(0, written.size()).toArray();
    List<Integer> order =
        Mmr.select(relevance, vectors, ownGroups, count, LocalComposer.LAMBDA).stream()
            .sorted(Comparator.comparing(index -> !written.get(index).flags().isEmpty()))
            .toList();
    List<CopyVariant> variants = new ArrayList<>();
    for (int index : order) {
      Written w = written.get(index);
      variants.add(
          new CopyVariant(
              prefix + (variants.size() + 1),
              w.text(),
              w.html(),
              LocalComposer.score(relevance[index]),
              LanguageModelWriter.NAME,
              w.flags()));
    }
    return variants;
  }

  /** A line or body the model wrote, what a recipient sees of it, and the rules it breaks. */
  private record Written(String text, String seen, Optional<String> html, List<String> flags) {}
}
