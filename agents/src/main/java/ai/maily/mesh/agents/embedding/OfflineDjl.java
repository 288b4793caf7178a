package ai.maily.mesh.agents.embedding;

/**
 * Keeps DJL from reaching the network: no model, engine or native library is ever downloaded;
 * everything the embedding model needs ships in jars on the classpath (ADR 0026).
 */
final class OfflineDjl {

  private OfflineDjl() {}

  /** Sets DJL's switches before it loads an engine; DJL reads them on each use. */
  static void enforce() {
    // Nothing is downloaded: a missing model or native library fails instead.
    System.setProperty("ai.djl.offline", "true");
    // ONNX Runtime's engine would otherwise load PyTorch, whose natives are downloaded, for the
    // NDArray operations it lacks; the encoder needs none of them.
    System.setProperty("ai.djl.onnx.disable_alternative", "true");
  }
}
