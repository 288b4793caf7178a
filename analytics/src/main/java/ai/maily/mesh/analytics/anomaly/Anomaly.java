package ai.maily.mesh.analytics.anomaly;

import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;

/**
 * A bucket whose rate left its usual range.
 *
 * @param metric which rate
 * @param bucketStart when the bucket began
 * @param observed the bucket's rate
 * @param expected the moving mean before it
 * @param z how many standard deviations away it was, signed
 * @param trials the bucket's trials (the rate's denominator)
 * @param bad whether it moved the way that hurts ({@link RateMetric#bad()})
 */
public record Anomaly(
    RateMetric metric,
    Instant bucketStart,
    double observed,
    double expected,
    double z,
    long trials,
    boolean bad)
    implements CborSerializable {}
