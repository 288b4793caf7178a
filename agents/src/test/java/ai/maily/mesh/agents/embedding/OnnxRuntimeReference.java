package ai.maily.mesh.agents.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;

/**
 * The same model run through ONNX Runtime's own Java API, with no DJL between: the naive reference
 * that the encoder's vectors are checked against. One text per run, so no padding is involved.
 */
final class OnnxRuntimeReference implements AutoCloseable {

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final HuggingFaceTokenizer tokenizer = DjlSentenceEncoder.tokenizer(256);
  private final OrtSession session;

  OnnxRuntimeReference() throws OrtException {
    Path copy = MiniLm.copyModel();
    try {
      session =
          environment.createSession(
              MiniLm.modelFile(copy).toString(), new OrtSession.SessionOptions());
    } finally {
      MiniLm.deleteCopy(copy);
    }
  }

  /** The text's mean-pooled, unit-length vector. */
  float[] embed(String text) throws OrtException {
    Encoding encoding = tokenizer.encode(text);
    long[] mask = encoding.getAttentionMask();
    try (OnnxTensor ids = OnnxTensor.createTensor(environment, new long[][] {encoding.getIds()});
        OnnxTensor attention = OnnxTensor.createTensor(environment, new long[][] {mask});
        OnnxTensor types =
            OnnxTensor.createTensor(environment, new long[][] {encoding.getTypeIds()});
        OrtSession.Result result =
            session.run(
                Map.of("input_ids", ids, "attention_mask", attention, "token_type_ids", types))) {
      float[][] hidden =
          ((float[][][]) result.get("last_hidden_state").orElseThrow().getValue())[0];
      double[] mean = new double[hidden[0].length];
      int count = 0;
      for (int token = 0; token < hidden.length; token++) {
        if (mask[token] == 1) {
          count++;
          for (int d = 0; d < mean.length; d++) {
            mean[d] += hidden[token][d];
          }
        }
      }
      double norm = 0;
      for (int d = 0; d < mean.length; d++) {
        mean[d] /= count;
        norm += mean[d] * mean[d];
      }
      norm = Math.sqrt(norm);
      float[] unit = new float[mean.length];
      for (int d = 0; d < mean.length; d++) {
        unit[d] = (float) (mean[d] / norm);
      }
      return unit;
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
    tokenizer.close();
  }
}
