package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeBucketTest {

  private static Instant at(String time) {
    return Instant.parse(time);
  }

  @Test
  void countsTheBucketsAWindowOverlaps() {
    assertThat(TimeBucket.HOUR.count(at("2026-04-06T02:00:00Z"), at("2026-04-06T04:00:00Z")))
        .isEqualTo(2);
    assertThat(TimeBucket.HOUR.count(at("2026-04-06T02:30:00Z"), at("2026-04-06T04:00:01Z")))
        .isEqualTo(3);
    assertThat(TimeBucket.DAY.count(at("2026-04-06T23:00:00Z"), at("2026-04-07T01:00:00Z")))
        .isEqualTo(2);
    assertThat(TimeBucket.HOUR.count(at("2026-04-06T04:00:00Z"), at("2026-04-06T04:00:00Z")))
        .isZero();
    assertThat(TimeBucket.HOUR.count(at("2026-04-06T05:00:00Z"), at("2026-04-06T04:00:00Z")))
        .isZero();
  }

  @Test
  void startsBucketsOnUtcHoursAndDays() {
    assertThat(TimeBucket.HOUR.start(at("2026-04-06T10:59:59.999Z")))
        .isEqualTo(at("2026-04-06T10:00:00Z"));
    assertThat(TimeBucket.DAY.start(at("2026-04-06T23:59:59Z")))
        .isEqualTo(at("2026-04-06T00:00:00Z"));
    assertThat(TimeBucket.DAY.start(at("1969-12-31T23:00:00Z")))
        .isEqualTo(at("1969-12-31T00:00:00Z"));
  }

  @Test
  void sumsHoursIntoDaysInOrder() {
    EngagementCounts one = new EngagementCounts(1, 1, 0, 0, 0, 0, 0, 0, 0);
    EngagementCounts two = new EngagementCounts(2, 2, 1, 1, 0, 0, 0, 0, 0);
    List<BucketCounts> hours =
        List.of(
            new BucketCounts(at("2026-04-06T09:00:00Z"), one),
            new BucketCounts(at("2026-04-06T23:00:00Z"), two),
            new BucketCounts(at("2026-04-07T00:00:00Z"), one));

    assertThat(TimeBucket.DAY.regroup(hours))
        .containsExactly(
            new BucketCounts(at("2026-04-06T00:00:00Z"), one.plus(two)),
            new BucketCounts(at("2026-04-07T00:00:00Z"), one));
    assertThat(TimeBucket.HOUR.regroup(hours)).isEqualTo(hours);
  }

  @Test
  void readsItsWireNamesOnly() {
    assertThat(TimeBucket.fromWireName("hour")).hasValue(TimeBucket.HOUR);
    assertThat(TimeBucket.fromWireName("day")).hasValue(TimeBucket.DAY);
    assertThat(TimeBucket.fromWireName("HOUR")).isEmpty();
    assertThat(TimeBucket.fromWireName("week")).isEmpty();
  }
}
