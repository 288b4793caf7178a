package ai.maily.mesh.edge.auth;

import java.util.Locale;
import java.util.Optional;

/** What a caller may do; each role includes the ones before it. */
public enum Role {
  /** Reads tasks, playbooks and agents. */
  VIEWER,
  /** Also submits, cancels and approves tasks. */
  EDITOR,
  /** Also changes agents and operates the node. */
  ADMIN;

  /** True when this role grants everything {@code required} grants. */
  public boolean includes(Role required) {
    return compareTo(required) >= 0;
  }

  public static Optional<Role> parse(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
