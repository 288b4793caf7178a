package ai.maily.mesh.agents.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The embedding model that runs in the node: all-MiniLM-L6-v2 on DJL and ONNX Runtime, with
 * concurrent requests gathered into micro-batches on a thread of its own. It loads and warms up in
 * the background from {@link #start}; {@link #isReady} says when it has.
 */
public final class LocalEmbeddingModel implements EmbeddingModel, AutoCloseable {

  /** What the warm-up embeds: one full batch of email-length text, so that first requests don't. */
  private static final String WARM_UP_TEXT =
      "Our spring sale starts today: every plan is 20% off until Sunday, and existing customers"
          + " get a free month when they upgrade. Reply to this email if you have questions.";

  private static final String THREAD_NAME = "mesh-embedding";

  private final Encoder encoder;
  private final MicroBatcher<String, Embedding> batcher;
  private final CompletableFuture<Void> warm;

  private LocalEmbeddingModel(EmbeddingSettings settings) {
    this.encoder = new Encoder(settings);
    this.batcher =
        new MicroBatcher<>(
            THREAD_NAME,
            settings.maxBatch(),
            settings.maxWait(),
            settings.maxPending(),
            encoder::encode);
    this.warm =
        embedAll(Collections.nCopies(settings.maxBatch(), WARM_UP_TEXT))
            .thenApply(embeddings -> (Void) null)
            .toCompletableFuture();
  }

  /**
   * Starts loading the model and warming it up on the model's own thread, and returns at once.
   * Requests made before it is warm wait for it.
   */
  public static LocalEmbeddingModel start(EmbeddingSettings settings) {
    return new LocalEmbeddingModel(settings);
  }

  /** True once the model has loaded and embedded its warm-up batch. */
  public boolean isReady() {
    return warm.isDone() && !warm.isCompletedExceptionally();
  }

  /** Completes when the model is ready, or fails with the reason it could not load. */
  public CompletionStage<Void> ready() {
    return warm.thenApply(done -> done);
  }

  @Override
  public int dimensions() {
    return MiniLm.DIMENSIONS;
  }

  @Override
  public CompletionStage<Embedding> embed(String text) {
    return batcher.submit(text);
  }

  @Override
  public CompletionStage<List<Embedding>> embedAll(List<String> texts) {
    List<CompletableFuture<Embedding>> results = new ArrayList<>(texts.size());
    for (String text : texts) {
      results.add(batcher.submit(text).toCompletableFuture());
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
        .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
  }

  /** Stops the model's thread (waiting requests fail) and frees the model. */
  @Override
  public void close() {
    batcher.close();
    encoder.close();
  }

  /**
   * The DJL encoder, loaded by the first batch on the batcher's thread so that loading never blocks
   * the caller of {@link #start}. Only that thread calls {@link #encode}.
   */
  private static final class Encoder implements AutoCloseable {

    private final EmbeddingSettings settings;
    private DjlSentenceEncoder loaded;
    private RuntimeException loadFailure;

    Encoder(EmbeddingSettings settings) {
      this.settings = settings;
    }

    List<Embedding> encode(List<String> texts) {
      return Arrays.asList(model().encode(texts.toArray(String[]::new)));
    }

    private synchronized DjlSentenceEncoder model() {
      if (loadFailure != null) {
        throw loadFailure;
      }
      if (loaded == null) {
        try {
          loaded = DjlSentenceEncoder.load(settings.maxTokens(), settings.threads());
        } catch (RuntimeException e) {
          loadFailure = e;
          throw e;
        }
      }
      return loaded;
    }

    @Override
    public synchronized void close() {
      if (loaded != null) {
        loaded.close();
        loaded = null;
      }
    }
  }
}
