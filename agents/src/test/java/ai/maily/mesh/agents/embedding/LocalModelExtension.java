package ai.maily.mesh.agents.embedding;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the real local embedding model as a parameter ({@link LocalEmbeddingModel} or {@link
 * EmbeddingModel}), e.g. of a {@code @BeforeAll} method. The model is started once per test run, by
 * the first test that asks for it, and closed when the run ends, so test classes do not each pay
 * for loading and warming it up.
 */
public final class LocalModelExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalModelExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalEmbeddingModel.class || type == EmbeddingModel.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The root store closes AutoCloseable values when the whole run ends.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            LocalEmbeddingModel.class,
            key -> LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(ConfigFactory.load())),
            LocalEmbeddingModel.class);
  }
}
