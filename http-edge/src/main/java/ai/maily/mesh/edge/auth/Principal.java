package ai.maily.mesh.edge.auth;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * The authenticated caller, from a verified token.
 *
 * @param subject the token's {@code sub}
 * @param tenant the token's {@code tenant}; every read and write is scoped to it
 * @param roles the token's {@code roles}
 * @param expiresAt the token's {@code exp}: a connection that outlives it is closed
 */
public record Principal(String subject, String tenant, Set<Role> roles, Instant expiresAt) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  /** True when one of the caller's roles includes {@code required}. */
  public boolean has(Role required) {
    return roles.stream().anyMatch(r -> r.includes(required));
  }

  /** Fails with a {@code forbidden} problem unless the caller holds {@code required}. */
  public void require(Role required) {
    if (!has(required)) {
      throw ProblemException.of(
          ProblemType.FORBIDDEN,
          "this operation needs the role '" + required.name().toLowerCase(Locale.ROOT) + "'");
    }
  }
}
