package ai.maily.mesh.agents;

import ai.maily.mesh.agents.embedding.NodeEmbeddings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The fingerprint under which an agent's results are cached ({@link
 * ai.maily.mesh.core.agent.ResultCaching}): the version of its code, the node's embedding model and
 * the SHA-256 of the data files it computes with, so that a new phrase library or spam model never
 * serves results of the old one. Raise the version with any change to the agent's logic.
 */
public final class ResultFingerprint {

  private ResultFingerprint() {}

  /**
   * {@code version}, the embedding model's name and the hash of each of {@code resources}, found as
   * {@code owner.getResourceAsStream} finds them.
   *
   * @throws IllegalStateException if a resource is missing
   */
  public static String of(String version, Class<?> owner, String... resources) {
    StringBuilder fingerprint =
        new StringBuilder(version).append(";embeddings=").append(NodeEmbeddings.MODEL_NAME);
    for (String resource : resources) {
      fingerprint.append(';').append(resource).append('=').append(sha256(owner, resource));
    }
    return fingerprint.toString();
  }

  private static String sha256(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + resource + " next to " + owner.getName());
      }
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
