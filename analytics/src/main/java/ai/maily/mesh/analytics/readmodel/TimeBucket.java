package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The width of a series' buckets: UTC hours, or UTC days summed from the hours. */
public enum TimeBucket {
  HOUR(Duration.ofHours(1)),
  DAY(Duration.ofDays(1));

  private final long seconds;

  TimeBucket(Duration width) {
    this.seconds = width.toSeconds();
  }

  /** How long a bucket lasts. */
  public Duration width() {
    return Duration.ofSeconds(seconds);
  }

  /** {@code hour} or {@code day}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The bucket of this name, or empty. */
  public static Optional<TimeBucket> fromWireName(String name) {
    for (TimeBucket bucket : values()) {
      if (bucket.wireName().equals(name)) {
        return Optional.of(bucket);
      }
    }
    return Optional.empty();
  }

  /** The start of the bucket {@code at} falls in. */
  public Instant start(Instant at) {
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
  }

  /** How many buckets overlap [{@code from}, {@code to}); 0 when {@code to} is not after it. */
  public long count(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return 0;
    }
    long first = Math.floorDiv(from.getEpochSecond(), seconds);
    long end = -Math.floorDiv(-to.getEpochSecond(), seconds);
    return end - first;
  }

  /** Hourly buckets, oldest first, summed into buckets of this width, oldest first. */
  public List<BucketCounts> regroup(List<BucketCounts> hours) {
    List<BucketCounts> buckets = new ArrayList<>();
    for (BucketCounts hour : hours) {
      Instant start = start(hour.start());
      int last = buckets.size() - 1;
      if (last >= 0 && buckets.get(last).start().equals(start)) {
        EngagementCounts sum = buckets.get(last).counts().plus(hour.counts());
        buckets.set(last, new BucketCounts(start, sum));
      } else {
        buckets.add(new BucketCounts(start, hour.counts()));
      }
    }
    return buckets;
  }
}
