package ai.maily.mesh.core.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's readiness details: named statuses of what may degrade without making the node unready
 * (the cache, the event bus, the language model), which {@code /health/ready} shows as JSON. Any
 * module registers a detail, by {@link #register} or through a {@link ReadinessDetailProvider}
 * found with {@link ServiceLoader} when the registry is first used, so the health routes need not
 * compile against the modules whose state they show.
 */
public final class ReadinessDetails implements Extension {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private static final ExtensionId<ReadinessDetails> ID =
      new ExtensionId<>() {
        @Override
        public ReadinessDetails createExtension(ActorSystem<?> system) {
          ReadinessDetails details = new ReadinessDetails();
          ServiceLoader.load(ReadinessDetailProvider.class)
              .forEach(provider -> provider.register(system, details));
          return details;
        }
      };

  private final Map<String, Supplier<?>> details = new ConcurrentSkipListMap<>();

  ReadinessDetails() {}

  public static ReadinessDetails get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * Shows what {@code status} supplies under {@code name}; the status is asked for on every request
   * for the details, so it must answer at once, and renders as JSON.
   *
   * @param name lower-case letters, digits and dashes, unique on the node
   * @throws IllegalArgumentException for a malformed name or one registered already
   */
  public void register(String name, Supplier<?> status) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a readiness detail's name must match " + NAME);
    }
    if (details.putIfAbsent(name, status) != null) {
      throw new IllegalArgumentException("a readiness detail '" + name + "' is registered already");
    }
  }

  /**
   * Every detail's status now, by name. A status that fails to answer shows as {@code {"error":
   * <message>}}: a broken detail must not hide the others, nor the readiness itself.
   */
  public Map<String, Object> now() {
    Map<String, Object> now = new LinkedHashMap<>();
    details.forEach((name, status) -> now.put(name, statusOf(status)));
    return Collections.unmodifiableMap(now);
  }

  private static Object statusOf(Supplier<?> status) {
    try {
      return status.get();
    } catch (RuntimeException e) {
      return Map.of("error", String.valueOf(e.getMessage()));
    }
  }
}
