package ai.maily.mesh.agents.embedding;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 on DJL's ONNX Runtime engine: tokenizes with the HuggingFace tokenizer, runs the
 * model, and mean-pools each text's token states into an embedding. One caller at a time; {@link
 * LocalEmbeddingModel} gives it a thread of its own.
 */
public final class DjlSentenceEncoder implements AutoCloseable {

  private static final String ENGINE = "OnnxRuntime";
  private static final String HIDDEN_STATE = "last_hidden_state";

  private final HuggingFaceTokenizer tokenizer;
  private final ZooModel<String[], Embedding[]> model;
  private final Predictor<String[], Embedding[]> predictor;

  private DjlSentenceEncoder(
      HuggingFaceTokenizer tokenizer, ZooModel<String[], Embedding[]> model) {
    this.tokenizer = tokenizer;
    this.model = model;
    this.predictor = model.newPredictor();
  }

  /**
   * Loads the model and tokenizer from the classpath. Texts are cut to {@code maxTokens} tokens;
   * ONNX Runtime uses {@code threads} threads inside one batch.
   */
  public static DjlSentenceEncoder load(int maxTokens, int threads) {
    OfflineDjl.enforce();
    HuggingFaceTokenizer tokenizer = tokenizer(maxTokens);
    Path copy = MiniLm.copyModel();
    try {
      Criteria<String[], Embedding[]> criteria =
          Criteria.builder()
              .setTypes(String[].class, Embedding[].class)
              .optEngine(ENGINE)
              .optModelPath(copy)
              .optModelName(MiniLm.MODEL_NAME)
              .optOption("intraOpNumThreads", Integer.toString(threads))
              .optOption("interOpNumThreads", "1")
              .optTranslator(new Translator(tokenizer))
              .build();
      return new DjlSentenceEncoder(tokenizer, criteria.loadModel());
    } catch (IOException e) {
      tokenizer.close();
      throw new UncheckedIOException("could not load the embedding model", e);
    } catch (ModelNotFoundException | MalformedModelException e) {
      tokenizer.close();
      throw new IllegalStateException("could not load the embedding model", e);
    } finally {
      // ONNX Runtime has read the file into its session.
      MiniLm.deleteCopy(copy);
    }
  }

  /**
   * The model's tokenizer as the encoder uses it: [CLS] and [SEP] added, cut to {@code maxTokens},
   * a batch padded to its longest text.
   */
  public static HuggingFaceTokenizer tokenizer(int maxTokens) {
    OfflineDjl.enforce();
    try (InputStream json = MiniLm.tokenizer()) {
      return HuggingFaceTokenizer.newInstance(
          json,
          Map.of(
              "addSpecialTokens", "true",
              "truncation", "true",
              "maxLength", Integer.toString(maxTokens),
              "padding", "true"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the embedding model's tokenizer", e);
    }
  }

  /**
   * The embeddings of {@code texts}, in their order, each from a run of the model on that text
   * alone, so that a text's embedding never depends on what it was batched with.
   */
  public synchronized Embedding[] encode(String[] texts) {
    Embedding[] embeddings = new Embedding[texts.length];
    for (int i = 0; i < texts.length; i++) {
      embeddings[i] = run(new String[] {texts[i]})[0];
    }
    return embeddings;
  }

  /**
   * The embeddings of {@code texts} from one run of the model on the padded batch. Faster per text
   * than {@link #encode}, but the model's activations are quantized with one scale per tensor (ONNX
   * {@code DynamicQuantizeLinear}), so each embedding shifts with its batch-mates (cosine to the
   * text's own embedding about 0.97-0.99). Kept to measure what batching would buy (ADR 0026).
   */
  public synchronized Embedding[] encodeTogether(String[] texts) {
    return texts.length == 0 ? new Embedding[0] : run(texts);
  }

  private Embedding[] run(String[] texts) {
    try {
      return predictor.predict(texts);
    } catch (TranslateException e) {
      throw new IllegalStateException("the embedding model failed on a batch", e);
    }
  }

  @Override
  public synchronized void close() {
    predictor.close();
    model.close();
    tokenizer.close();
  }

  /** Between the tokenizer's batch and the model's tensors. */
  private static final class Translator implements NoBatchifyTranslator<String[], Embedding[]> {

    private static final String MASK = "attention-mask";

    private final HuggingFaceTokenizer tokenizer;

    Translator(HuggingFaceTokenizer tokenizer) {
      this.tokenizer = tokenizer;
    }

    @Override
    public NDList processInput(TranslatorContext context, String[] texts) {
      Encoding[] encodings = tokenizer.batchEncode(texts);
      int tokens = encodings[0].getIds().length;
      long[][] mask = new long[encodings.length][];
      LongBuffer ids = LongBuffer.allocate(encodings.length * tokens);
      LongBuffer attention = LongBuffer.allocate(encodings.length * tokens);
      LongBuffer types = LongBuffer.allocate(encodings.length * tokens);
      for (int i = 0; i < encodings.length; i++) {
        mask[i] = encodings[i].getAttentionMask();
        ids.put(encodings[i].getIds());
        attention.put(mask[i]);
        types.put(encodings[i].getTypeIds());
      }
      context.setAttachment(MASK, mask);
      NDManager manager = context.getNDManager();
      Shape shape = new Shape(encodings.length, tokens);
      return new NDList(
          tensor(manager, ids, shape, "input_ids"),
          tensor(manager, attention, shape, "attention_mask"),
          tensor(manager, types, shape, "token_type_ids"));
    }

    @Override
    public Embedding[] processOutput(TranslatorContext context, NDList outputs) {
      NDArray hidden = outputs.get(HIDDEN_STATE);
      if (hidden == null) {
        throw new IllegalStateException("the model returned no " + HIDDEN_STATE);
      }
      Shape shape = hidden.getShape();
      long[][] mask = (long[][]) context.getAttachment(MASK);
      return MeanPooling.pool(hidden.toFloatArray(), mask, (int) shape.get(1), (int) shape.get(2));
    }

    private static NDArray tensor(NDManager manager, LongBuffer data, Shape shape, String name) {
      NDArray array = manager.create(data.flip(), shape, DataType.INT64);
      array.setName(name);
      return array;
    }
  }
}
