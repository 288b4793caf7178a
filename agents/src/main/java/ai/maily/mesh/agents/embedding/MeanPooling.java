package ai.maily.mesh.agents.embedding;

/**
 * Sentence-transformers' pooling: a text's embedding is the mean of its tokens' hidden states,
 * padding left out, scaled to unit length.
 */
final class MeanPooling {

  private MeanPooling() {}

  /**
   * Pools a batch. {@code hidden} is the model's last hidden state, row-major with shape {@code
   * [texts, tokens, dimensions]}; {@code mask} is each text's attention mask over the same {@code
   * tokens} (1 for a real token, 0 for padding). Requires at least one real token per text, which
   * the tokenizer's [CLS] and [SEP] guarantee.
   */
  static Embedding[] pool(float[] hidden, long[][] mask, int tokens, int dimensions) {
    if (hidden.length != mask.length * tokens * dimensions) {
      throw new IllegalArgumentException(
          "hidden state of "
              + hidden.length
              + " values is not "
              + mask.length
              + " x "
              + tokens
              + " x "
              + dimensions);
    }
    Embedding[] pooled = new Embedding[mask.length];
    for (int text = 0; text < mask.length; text++) {
      float[] sum = new float[dimensions];
      int counted = 0;
      for (int token = 0; token < tokens; token++) {
        if (mask[text][token] == 0) {
          continue;
        }
        counted++;
        int offset = (text * tokens + token) * dimensions;
        for (int d = 0; d < dimensions; d++) {
          sum[d] += hidden[offset + d];
        }
      }
      if (counted == 0) {
        throw new IllegalArgumentException("text " + text + " has no token in its attention mask");
      }
      for (int d = 0; d < dimensions; d++) {
        sum[d] /= counted;
      }
      pooled[text] = Embedding.normalized(sum);
    }
    return pooled;
  }
}
