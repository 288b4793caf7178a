package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DjlSentenceEncoderTest {

  private static final String[] TEXTS = {
    "Spring sale: 20% off every plan until Sunday.",
    "Your invoice for November is attached.",
    "Hi {{first_name}}, we miss you! Come back and get a free month.",
    "Unsubscribe at any time by clicking the link at the bottom of this email.",
    "",
  };

  private static DjlSentenceEncoder encoder;
  private static OnnxRuntimeReference reference;

  @BeforeAll
  static void load() throws OrtException {
    encoder = DjlSentenceEncoder.load(256, 1);
    reference = new OnnxRuntimeReference();
  }

  @AfterAll
  static void close() throws OrtException {
    encoder.close();
    reference.close();
  }

  @Test
  void matchesTheModelRunThroughOnnxRuntimeDirectly() throws OrtException {
    Embedding[] embeddings = encoder.encode(TEXTS);

    for (int i = 0; i < TEXTS.length; i++) {
      assertCloseTo(embeddings[i], reference.embed(TEXTS[i]), "text " + i);
    }
  }

  @Test
  void embedsATextTheSameWhateverItIsBatchedWith() {
    Embedding[] together = encoder.encode(TEXTS);

    for (int i = 0; i < TEXTS.length; i++) {
      assertThat(encoder.encode(new String[] {TEXTS[i]})[0]).isEqualTo(together[i]);
    }
  }

  @Test
  void encodesOneTensorLikeTheReferenceForASingleText() throws OrtException {
    assertCloseTo(
        encoder.encodeTogether(new String[] {TEXTS[0]})[0], reference.embed(TEXTS[0]), "");
  }

  @Test
  void padsABatchToItsLongestTextOnly() {
    try (HuggingFaceTokenizer tokenizer = DjlSentenceEncoder.tokenizer(256)) {
      var encodings = tokenizer.batchEncode(new String[] {"short", "a somewhat longer text"});

      // [CLS] a somewhat longer text [SEP], not the 128 tokens that tokenizer.json pads to.
      assertThat(encodings[0].getIds()).hasSize(6);
      assertThat(encodings[1].getIds()).hasSize(6);
      assertThat(encodings[0].getAttentionMask()).containsExactly(1, 1, 1, 0, 0, 0);
    }
  }

  private static void assertCloseTo(Embedding embedding, float[] expected, String what) {
    float[] actual = embedding.toArray();
    assertThat(actual).hasSize(MiniLm.DIMENSIONS);
    for (int d = 0; d < expected.length; d++) {
      assertThat(actual[d]).as("%s dimension %d", what, d).isCloseTo(expected[d], within(1e-4f));
    }
  }

  @Test
  void cutsLongTextsToMaxTokens() {
    String longText = "word ".repeat(1000);

    try (HuggingFaceTokenizer tokenizer = DjlSentenceEncoder.tokenizer(256)) {
      assertThat(tokenizer.encode(longText).getIds()).hasSize(256);
    }
    assertThat(encoder.encode(new String[] {longText})[0].dimensions())
        .isEqualTo(MiniLm.DIMENSIONS);
  }
}
