package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalEmbeddingModelTest {

  private static LocalEmbeddingModel model;

  @BeforeAll
  static void start() {
    model = LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    model.close();
  }

  @Test
  void becomesReadyOnceWarmedUp() {
    model.ready().toCompletableFuture().join();

    assertThat(model.isReady()).isTrue();
  }

  @Test
  void returnsUnitVectorsOf384Dimensions() {
    Embedding embedding = embed("Your order has shipped and will arrive on Tuesday.");

    assertThat(model.dimensions()).isEqualTo(384);
    assertThat(embedding.dimensions()).isEqualTo(384);
    assertThat(embedding.similarity(embedding)).isCloseTo(1.0, within(1e-5));
  }

  @Test
  void embedsTheSameTextTheSameWay() {
    String text = "Last chance: the early-bird price ends at midnight.";

    assertThat(embed(text)).isEqualTo(embed(text));
  }

  @Test
  void placesParaphrasesCloserThanUnrelatedSentences() {
    String[][] triples = {
      {
        "Get 20% off all shoes this weekend only.",
        "This weekend every pair of shoes is a fifth cheaper.",
        "Your password was changed successfully."
      },
      {
        "The meeting has been moved to Thursday afternoon.",
        "We rescheduled the meeting for Thursday after lunch.",
        "Bananas are a good source of potassium."
      },
      {
        "Click here to unsubscribe from our newsletter.",
        "Use this link to stop receiving these emails.",
        "The quarterly revenue grew by twelve percent."
      },
    };

    for (String[] triple : triples) {
      Embedding anchor = embed(triple[0]);
      assertThat(anchor.similarity(embed(triple[1])))
          .as("'%s' against its paraphrase and an unrelated sentence", triple[0])
          .isGreaterThan(anchor.similarity(embed(triple[2])) + 0.2);
    }
  }

  @Test
  void embedsConcurrentRequestsAsItEmbedsEachAlone() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add("Offer " + i + ": free shipping on orders over " + (20 + i) + " euros.");
    }
    List<Embedding> alone = new ArrayList<>();
    for (String text : texts) {
      alone.add(embed(text));
    }

    List<CompletableFuture<Embedding>> concurrent = new ArrayList<>();
    texts.forEach(text -> concurrent.add(model.embed(text).toCompletableFuture()));
    List<Embedding> together = model.embedAll(texts).toCompletableFuture().join();

    for (int i = 0; i < texts.size(); i++) {
      assertThat(concurrent.get(i).join()).isEqualTo(alone.get(i));
      assertThat(together.get(i)).isEqualTo(alone.get(i));
    }
  }

  @Test
  void embedsAnEmptyBatch() {
    assertThat(model.embedAll(List.of()).toCompletableFuture().join()).isEmpty();
  }

  private static Embedding embed(String text) {
    return model.embed(text).toCompletableFuture().join();
  }
}
