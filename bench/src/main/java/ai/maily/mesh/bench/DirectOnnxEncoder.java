package ai.maily.mesh.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.maily.mesh.agents.embedding.DjlSentenceEncoder;
import ai.maily.mesh.agents.embedding.MiniLm;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedding model through ONNX Runtime's own Java API, with the same tokenizer, session threads
 * and pooling as the DJL encoder and nothing else between: the limit DJL is measured against.
 */
final class DirectOnnxEncoder implements AutoCloseable {

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final HuggingFaceTokenizer tokenizer;
  private final OrtSession session;

  DirectOnnxEncoder(int maxTokens, int threads) throws OrtException {
    tokenizer = DjlSentenceEncoder.tokenizer(maxTokens);
    Path copy = MiniLm.copyModel();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      session = environment.createSession(MiniLm.modelFile(copy).toString(), options);
    } finally {
      MiniLm.deleteCopy(copy);
    }
  }

  /** Each text in a run of its own, as the node embeds them. */
  float[][] encode(String[] texts) throws OrtException {
    float[][] embeddings = new float[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      embeddings[i] = run(new String[] {texts[i]})[0];
    }
    return embeddings;
  }

  /** All texts in one padded run. */
  float[][] encodeTogether(String[] texts) throws OrtException {
    return run(texts);
  }

  private float[][] run(String[] texts) throws OrtException {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int tokens = encodings[0].getIds().length;
    long[] shape = {texts.length, tokens};
    LongBuffer ids = LongBuffer.allocate(texts.length * tokens);
    LongBuffer mask = LongBuffer.allocate(texts.length * tokens);
    LongBuffer types = LongBuffer.allocate(texts.length * tokens);
    for (Encoding encoding : encodings) {
      ids.put(encoding.getIds());
      mask.put(encoding.getAttentionMask());
      types.put(encoding.getTypeIds());
    }
    try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, ids.flip(), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask.flip(), shape);
        OnnxTensor typeTensor = OnnxTensor.createTensor(environment, types.flip(), shape);
        OrtSession.Result result =
            session.run(
                Map.of(
                    "input_ids", idTensor,
                    "attention_mask", maskTensor,
                    "token_type_ids", typeTensor))) {
      OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
      long dimensions = hidden.getInfo().getShape()[2];
      return pool(hidden.getFloatBuffer(), encodings, tokens, (int) dimensions);
    }
  }

  private static float[][] pool(
      FloatBuffer hidden, Encoding[] encodings, int tokens, int dimensions) {
    float[][] pooled = new float[encodings.length][dimensions];
    for (int text = 0; text < encodings.length; text++) {
      long[] mask = encodings[text].getAttentionMask();
      float[] sum = pooled[text];
      int counted = 0;
      for (int token = 0; token < tokens; token++) {
        if (mask[token] == 0) {
          continue;
        }
        counted++;
        int offset = (text * tokens + token) * dimensions;
        for (int d = 0; d < dimensions; d++) {
          sum[d] += hidden.get(offset + d);
        }
      }
      double norm = 0;
      for (int d = 0; d < dimensions; d++) {
        sum[d] /= counted;
        norm += (double) sum[d] * sum[d];
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dimensions; d++) {
        sum[d] *= scale;
      }
    }
    return pooled;
  }

  @Override
  public void close() throws OrtException {
    session.close();
    tokenizer.close();
  }
}
