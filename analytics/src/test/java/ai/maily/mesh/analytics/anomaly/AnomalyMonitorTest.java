package ai.maily.mesh.analytics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyMonitorTest {

  private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");

  private static EngagementCounts day(long sent, long bounces, long opens) {
    long delivered = sent - bounces;
    return new EngagementCounts(
        sent, delivered, opens, opens, opens / 10, opens / 10, bounces, 0, 0);
  }

  @Test
  void reportsWhichMetricMovedAndWhetherThatHurts() {
    AnomalyMonitor monitor = new AnomalyMonitor(EwmaSettings.DEFAULTS);
    AnomalyMonitor.State state = AnomalyMonitor.State.EMPTY;
    List<Anomaly> anomalies = new ArrayList<>();
    long[] bounces = {100, 96, 104, 99, 101, 98, 103, 100, 97, 102, 100, 500};
    long[] opens = {2000, 2010, 1990, 2005, 1995, 2000, 2003, 1998, 2001, 1999, 2000, 3000};
    for (int i = 0; i < bounces.length; i++) {
      AnomalyMonitor.Reading reading =
          monitor.observe(state, DAY.plus(Duration.ofDays(i)), day(10_000, bounces[i], opens[i]));
      state = reading.state();
      anomalies.addAll(reading.anomalies());
    }

    assertThat(anomalies)
        .extracting(Anomaly::metric, Anomaly::bad, Anomaly::bucketStart)
        .containsExactlyInAnyOrder(
            tuple(RateMetric.BOUNCE, true, DAY.plus(Duration.ofDays(11))),
            tuple(RateMetric.OPEN, false, DAY.plus(Duration.ofDays(11))),
            tuple(RateMetric.CLICK, false, DAY.plus(Duration.ofDays(11))));
    assertThat(state.metrics()).containsKeys(RateMetric.values());
  }
}
