package ai.maily.mesh.analytics.rates;

import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The counts of one time bucket (an hour, a day) of a series.
 *
 * @param start when the bucket began
 * @param counts what happened in it
 */
public record BucketCounts(Instant start, EngagementCounts counts) implements CborSerializable {
  public BucketCounts {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(counts, "counts");
  }
}
