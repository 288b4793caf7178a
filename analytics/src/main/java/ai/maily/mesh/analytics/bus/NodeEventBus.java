package ai.maily.mesh.analytics.bus;

import ai.maily.mesh.analytics.bus.amqp.RabbitEventBus;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one {@link EventBus}, from {@code mesh.amqp}: RabbitMQ when {@code uri} is set, else
 * in-process. What the node's consumers, its domain-event relay and {@code /health/ready} share.
 * Closed when the actor system terminates.
 */
public final class NodeEventBus implements Extension {

  private static final ExtensionId<NodeEventBus> ID =
      new ExtensionId<>() {
        @Override
        public NodeEventBus createExtension(ActorSystem<?> system) {
          return new NodeEventBus(system);
        }
      };

  private final BusSettings settings;
  private final EventBus bus;

  private NodeEventBus(ActorSystem<?> system) {
    this.settings = BusSettings.fromConfig(system.settings().config().getConfig("mesh.amqp"));
    this.bus =
        settings.uri().isPresent()
            ? RabbitEventBus.open(system, settings)
            : new LocalEventBus(system, settings.topology(), settings.localCapacity());
    system.classicSystem().registerOnTermination(bus::close);
  }

  public static NodeEventBus get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public EventBus bus() {
    return bus;
  }

  public BusSettings settings() {
    return settings;
  }
}
