package ai.maily.mesh.core.agent;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The agents a node hosts, by name. Immutable once built. */
public final class AgentRegistry {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final Map<String, Agent> byName;

  private AgentRegistry(Map<String, Agent> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** A registry of exactly these agents; names must be valid and unique. */
  public static AgentRegistry of(Collection<? extends Agent> agents) {
    Map<String, Agent> byName = new TreeMap<>();
    for (Agent agent : agents) {
      if (!NAME.matcher(agent.name()).matches()) {
        throw new IllegalArgumentException(
            "agent name '" + agent.name() + "' must match " + NAME.pattern());
      }
      if (byName.putIfAbsent(agent.name(), agent) != null) {
        throw new IllegalArgumentException("two agents are named '" + agent.name() + "'");
      }
    }
    return new AgentRegistry(byName);
  }

  /** Every agent that the {@link AgentProvider}s on the class path offer. */
  public static AgentRegistry load(Config config) {
    List<Agent> agents = new ArrayList<>();
    for (AgentProvider provider : ServiceLoader.load(AgentProvider.class)) {
      agents.addAll(provider.agents(config));
    }
    return of(agents);
  }

  public Optional<Agent> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** All agents, ordered by name. */
  public Collection<Agent> all() {
    return byName.values();
  }
}
