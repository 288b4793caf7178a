package ai.maily.mesh.bench;

import java.util.Arrays;

/**
 * Collects latencies (nanoseconds), failures and refusals from many threads; summarises them in ms.
 * A recorder made with {@link #slice()} records into its parent too, so a phase can be summarised
 * whole and by part.
 */
final class LatencyRecorder {

  /**
   * Percentiles of the recorded latencies, in milliseconds; failed tasks and refused submissions
   * have none.
   */
  record Summary(
      long count, long failures, long refusals, double p50Ms, double p99Ms, double maxMs) {}

  private final LatencyRecorder parent;
  private long[] nanos = new long[1024];
  private int count;
  private long failures;
  private long refusals;

  LatencyRecorder() {
    this(null);
  }

  private LatencyRecorder(LatencyRecorder parent) {
    this.parent = parent;
  }

  /** A recorder for part of this one's samples; what it records, this one records too. */
  LatencyRecorder slice() {
    return new LatencyRecorder(this);
  }

  void record(long latencyNanos) {
    synchronized (this) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = latencyNanos;
    }
    if (parent != null) {
      parent.record(latencyNanos);
    }
  }

  void fail() {
    synchronized (this) {
      failures++;
    }
    if (parent != null) {
      parent.fail();
    }
  }

  /** A submission the node refused because it ran as many tasks as it may. */
  void refuse() {
    synchronized (this) {
      refusals++;
    }
    if (parent != null) {
      parent.refuse();
    }
  }

  synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    return new Summary(
        count,
        failures,
        refusals,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        percentile(sorted, 1));
  }

  /** The nearest-rank percentile: the smallest value that at least {@code q} of all are below. */
  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
