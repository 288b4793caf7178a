package ai.maily.mesh.analytics.stats;

/**
 * The Beta-Binomial distribution: successes among {@code trials} when the rate itself is drawn from
 * Beta(α, β) once for all of them. It is how a campaign's opens vary: every recipient of one
 * campaign shares its subject, day and audience mood, so the spread is wider than a binomial's.
 *
 * @param trials the number of trials, from 0 to {@value #MAX_TRIALS}
 * @param alpha α of the rate's Beta distribution
 * @param beta β of the rate's Beta distribution
 */
public record BetaBinomial(long trials, double alpha, double beta) {

  /** The largest number of trials whose distribution is summed exactly (a campaign's audience). */
  public static final long MAX_TRIALS = 100_000_000L;

  /** Terms below this share of the largest one are left out of the sums. */
  private static final double NEGLIGIBLE = 1e-18;

  /** The most counts one interval sums over (a U-shaped pmf over a huge audience is refused). */
  private static final long MAX_TERMS = 20_000_000L;

  public BetaBinomial {
    if (trials < 0 || trials > MAX_TRIALS) {
      throw new IllegalArgumentException("trials must lie in [0, " + MAX_TRIALS + "]: " + trials);
    }
    if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException(
          "Beta needs finite α > 0 and β > 0: " + alpha + ", " + beta);
    }
  }

  public double mean() {
    return trials * alpha / (alpha + beta);
  }

  public double variance() {
    double s = alpha + beta;
    return trials * alpha * beta * (s + trials) / (s * s * (s + 1));
  }

  /** ln P(X = k). */
  public double logPmf(long k) {
    if (k < 0 || k > trials) {
      return Double.NEGATIVE_INFINITY;
    }
    return LogGamma.of(trials + 1.0)
        - LogGamma.of(k + 1.0)
        - LogGamma.of(trials - k + 1.0)
        + LogGamma.beta(k + alpha, trials - k + beta)
        - LogGamma.beta(alpha, beta);
  }

  /**
   * The central interval of probability {@code level} (equal tails) of the count, with the mean as
   * its value: the smallest k whose distribution function reaches the lower tail and the smallest
   * whose function reaches one minus the upper tail.
   */
  public Estimate interval(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("a level must lie in (0, 1), not " + level);
    }
    double tail = (1 - level) / 2;
    Span span = span();
    double total = 0;
    for (double p : span.probabilities) {
      total += p;
    }
    long low = -1;
    long high = -1;
    double cumulative = 0;
    for (int i = 0; i < span.probabilities.length && high < 0; i++) {
      cumulative += span.probabilities[i] / total;
      if (low < 0 && cumulative >= tail) {
        low = span.first + i;
      }
      if (cumulative >= 1 - tail - 1e-12) {
        high = span.first + i;
      }
    }
    if (high < 0) {
      high = span.first + span.probabilities.length - 1;
    }
    double mean = mean();
    return new Estimate(mean, Math.min(low, mean), Math.max(high, mean), level);
  }

  /** The probabilities of the counts that carry all but a negligible share of the mass. */
  private record Span(long first, double[] probabilities) {}

  private Span span() {
    long centre = Math.round(mean());
    double peak = logPmf(centre);
    // From the centre, walk out while terms matter. The pmf rises again towards 0 only when α < 1
    // and towards the number of trials only when β < 1; then that walk goes to the end.
    boolean fallsBelow = alpha >= 1;
    boolean fallsAbove = beta >= 1;
    long low = centre;
    double logP = peak;
    while (low > 0) {
      logP += logRatioDown(low);
      if (fallsBelow && logP - peak < Math.log(NEGLIGIBLE)) {
        break;
      }
      low--;
      peak = Math.max(peak, logP);
    }
    long high = centre;
    logP = logPmf(centre);
    while (high < trials) {
      logP += logRatioUp(high);
      if (fallsAbove && logP - peak < Math.log(NEGLIGIBLE)) {
        break;
      }
      high++;
      peak = Math.max(peak, logP);
    }
    if (high - low + 1 > MAX_TERMS) {
      throw new IllegalArgumentException(
          "Beta-Binomial(" + trials + ", " + alpha + ", " + beta + ") is too wide to sum exactly");
    }
    double[] probabilities = new double[(int) (high - low + 1)];
    double start = logPmf(low);
    double current = start;
    for (long k = low; k <= high; k++) {
      if (k > low) {
        current += logRatioUp(k - 1);
      }
      probabilities[(int) (k - low)] = Math.exp(current - peak);
    }
    return new Span(low, probabilities);
  }

  /** ln P(k + 1) - ln P(k). */
  private double logRatioUp(long k) {
    return Math.log((double) (trials - k) / (k + 1))
        + Math.log((k + alpha) / (trials - k - 1 + beta));
  }

  /** ln P(k - 1) - ln P(k). */
  private double logRatioDown(long k) {
    return -logRatioUp(k - 1);
  }
}
