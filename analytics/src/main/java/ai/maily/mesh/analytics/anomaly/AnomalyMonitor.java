package ai.maily.mesh.analytics.anomaly;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.stats.Proportion;
import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Watches every {@link RateMetric} of one series of time buckets (a tenant's, a campaign's, a
 * segment's) with an {@link EwmaDetector} each.
 */
public final class AnomalyMonitor {

  private final EwmaDetector detector;

  public AnomalyMonitor(EwmaSettings settings) {
    this.detector = new EwmaDetector(settings);
  }

  /**
   * The detectors' states of one series, one per metric.
   *
   * @param metrics the state of each metric seen so far
   */
  public record State(Map<RateMetric, EwmaState> metrics) implements CborSerializable {
    public static final State EMPTY = new State(Map.of());

    public State {
      metrics = Map.copyOf(metrics);
    }
  }

  /** The anomalies of one bucket and the series' state after it. */
  public record Reading(State state, List<Anomaly> anomalies) {
    public Reading {
      anomalies = List.copyOf(anomalies);
    }
  }

  /** Reads the next bucket of the series; buckets must come in time order. */
  public Reading observe(State state, Instant bucketStart, EngagementCounts counts) {
    Map<RateMetric, EwmaState> next = new EnumMap<>(RateMetric.class);
    next.putAll(state.metrics());
    List<Anomaly> anomalies = new ArrayList<>();
    for (RateMetric metric : RateMetric.values()) {
      Proportion rate = metric.of(counts);
      EwmaDetector.Step step =
          detector.observe(state.metrics().getOrDefault(metric, EwmaState.EMPTY), rate);
      next.put(metric, step.state());
      if (step.anomalous()) {
        anomalies.add(
            new Anomaly(
                metric,
                bucketStart,
                rate.rate(),
                step.expected(),
                step.z(),
                rate.trials(),
                Math.signum(step.z()) == metric.bad().sign()));
      }
    }
    return new Reading(new State(next), anomalies);
  }
}
