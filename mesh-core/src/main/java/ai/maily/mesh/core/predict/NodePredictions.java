package ai.maily.mesh.core.predict;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's {@link EngagementPredictions}, if a module has registered one: the analytics module
 * registers its implementation when it starts, and agents ask for it per request, so a node without
 * analytics (or before it is up) answers from priors.
 */
public final class NodePredictions implements Extension {

  private static final ExtensionId<NodePredictions> ID =
      new ExtensionId<>() {
        @Override
        public NodePredictions createExtension(ActorSystem<?> system) {
          return new NodePredictions();
        }
      };

  private final AtomicReference<EngagementPredictions> registered = new AtomicReference<>();

  private NodePredictions() {}

  /** Makes {@code predictions} the node's, in place of any registered before. */
  public static void register(ActorSystem<?> system, EngagementPredictions predictions) {
    system.registerExtension(ID).registered.set(predictions);
  }

  /** The node's predictions, or empty when no module has registered any. */
  public static Optional<EngagementPredictions> find(ActorSystem<?> system) {
    return Optional.ofNullable(system.registerExtension(ID).registered.get());
  }
}
