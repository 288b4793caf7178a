package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;
import java.util.Arrays;

/**
 * Sends and opened sends per hour of the week at which they were sent, for one contact or one
 * segment: what the send-time model reads. A value: every change returns a new one.
 *
 * @param sends how many resolved sends went out in each hour of the week (168 entries)
 * @param opens how many of them were opened (168 entries, each at most its hour's sends)
 */
public record HourOfWeekCounts(int[] sends, int[] opens) implements CborSerializable {

  public HourOfWeekCounts {
    if (sends == null
        || opens == null
        || sends.length != HourOfWeek.HOURS
        || opens.length != HourOfWeek.HOURS) {
      throw new IllegalArgumentException("hour-of-week counts need 168 sends and 168 opens");
    }
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      if (sends[h] < 0 || opens[h] < 0 || opens[h] > sends[h]) {
        throw new IllegalArgumentException(
            "hour " + h + " has " + opens[h] + " opens of " + sends[h] + " sends");
      }
    }
    sends = sends.clone();
    opens = opens.clone();
  }

  /** No sends at all. */
  public static HourOfWeekCounts empty() {
    return new HourOfWeekCounts(new int[HourOfWeek.HOURS], new int[HourOfWeek.HOURS]);
  }

  /** A copy of the sends per hour. */
  @Override
  public int[] sends() {
    return sends.clone();
  }

  /** A copy of the opens per hour. */
  @Override
  public int[] opens() {
    return opens.clone();
  }

  /** The counts with one more send in {@code hour}, opened or not. */
  public HourOfWeekCounts with(int hour, boolean opened) {
    int[] s = sends.clone();
    int[] o = opens.clone();
    s[HourOfWeek.require(hour)]++;
    if (opened) {
      o[hour]++;
    }
    return new HourOfWeekCounts(s, o);
  }

  /** The counts of both, hour by hour: a segment's counts are the sum of its contacts'. */
  public HourOfWeekCounts plus(HourOfWeekCounts other) {
    int[] s = new int[HourOfWeek.HOURS];
    int[] o = new int[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      s[h] = Math.addExact(sends[h], other.sends[h]);
      o[h] = Math.addExact(opens[h], other.opens[h]);
    }
    return new HourOfWeekCounts(s, o);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HourOfWeekCounts that
        && Arrays.equals(sends, that.sends)
        && Arrays.equals(opens, that.opens);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(sends) + Arrays.hashCode(opens);
  }

  @Override
  public String toString() {
    return "HourOfWeekCounts[sends=" + totalSends() + ", opens=" + totalOpens() + "]";
  }

  public int sendsAt(int hour) {
    return sends[HourOfWeek.require(hour)];
  }

  public int opensAt(int hour) {
    return opens[HourOfWeek.require(hour)];
  }

  public long totalSends() {
    return Arrays.stream(sends).asLongStream().sum();
  }

  public long totalOpens() {
    return Arrays.stream(opens).asLongStream().sum();
  }

  /**
   * The sends and opens near {@code hour}, each neighbour weighted by the triangular kernel 1 -
   * d/(halfWidth + 1) at distance d ≤ halfWidth (the hour itself weighs 1): neighbouring hours say
   * something about each other, and 168 bins are sparse for one contact.
   *
   * @return {sends, opens}, fractional
   */
  public double[] near(int hour, int halfWidth) {
    HourOfWeek.require(hour);
    if (halfWidth < 0 || halfWidth > HourOfWeek.HOURS / 2 - 1) {
      throw new IllegalArgumentException("a kernel half-width lies in [0, 83], not " + halfWidth);
    }
    double s = 0;
    double o = 0;
    for (int d = -halfWidth; d <= halfWidth; d++) {
      double weight = 1 - (double) Math.abs(d) / (halfWidth + 1);
      int h = HourOfWeek.shift(hour, d);
      s += weight * sends[h];
      o += weight * opens[h];
    }
    return new double[] {s, o};
  }
}
