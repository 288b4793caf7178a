package ai.maily.mesh.agents.embedding;

import com.typesafe.config.ConfigFactory;

/** Starts the local model in a JVM of its own, embeds one text and prints its dimensions. */
public final class EmbedOnce {

  private EmbedOnce() {}

  public static void main(String[] args) {
    try (LocalEmbeddingModel model =
        LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(ConfigFactory.load()))) {
      model.ready().toCompletableFuture().join();
      Embedding embedding = model.embed("Nothing is downloaded.").toCompletableFuture().join();
      System.out.println("dimensions=" + embedding.dimensions());
    }
  }
}
