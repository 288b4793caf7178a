package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.budget.Budgets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's language model, shared by every agent on the node: the one {@code mesh.ai.llm} names,
 * or none when its {@code base-url} is empty (the default). Closed when the node shuts down.
 */
public final class NodeLanguageModel implements Extension {

  private static final ExtensionId<NodeLanguageModel> ID =
      new ExtensionId<>() {
        @Override
        public NodeLanguageModel createExtension(ActorSystem<?> system) {
          return new NodeLanguageModel(system);
        }
      };

  private final Optional<OpenAiCompatibleModel> model;

  private NodeLanguageModel(ActorSystem<?> system) {
    LanguageModelSettings settings = LanguageModelSettings.fromConfig(system.settings().config());
    if (!settings.enabled()) {
      system
          .log()
          .info("No language model configured (mesh.ai.llm.base-url): agents write locally");
      this.model = Optional.empty();
      return;
    }
    OpenAiCompatibleModel created = OpenAiCompatibleModel.create(settings);
    system
        .log()
        .info(
            "Language model {} at {}",
            settings.model(),
            settings.baseUrl().map(Object::toString).orElse(""));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-language-model",
            () -> {
              created.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
    this.model = Optional.of(created);
  }

  /**
   * The node's language model for the calls of one agent request, if one is configured: every call
   * reserved in the tenant's budget before it is made and settled after ({@link
   * BudgetedLanguageModel}). Agents ask their model through this.
   */
  public static Optional<LanguageModel> forRequest(AgentRequest request, AgentContext context) {
    return get(context.system())
        .map(
            model ->
                new BudgetedLanguageModel(
                    model, Budgets.get(context.system()), request, context.log()));
  }

  /**
   * The language model of {@code system}'s node, if one is configured, unbudgeted: for what is not
   * an agent's call (health, tests); agents use {@link #forRequest}.
   */
  public static Optional<LanguageModel> get(ActorSystem<?> system) {
    return system.registerExtension(ID).model.map(LanguageModel.class::cast);
  }

  /** The node's language model as health details show it: configured or not, its breaker. */
  public static LanguageModelStatus status(ActorSystem<?> system) {
    return system
        .registerExtension(ID)
        .model
        .map(OpenAiCompatibleModel::status)
        .orElse(LanguageModelStatus.NOT_CONFIGURED);
  }
}
