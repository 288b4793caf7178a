package ai.maily.mesh.core.predict;

import java.util.Objects;
import java.util.Optional;

/**
 * Whom a prediction is for.
 *
 * @param tenant the tenant whose history answers
 * @param segment a segment of the tenant's contacts, or empty for all of them
 */
public record Audience(String tenant, Optional<String> segment) {

  public Audience {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(segment, "segment");
  }
}
