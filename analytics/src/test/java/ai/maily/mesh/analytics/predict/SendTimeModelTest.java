package ai.maily.mesh.analytics.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SendTimeModelTest {

  private static final SendTimeModel MODEL = new SendTimeModel(SendTimeSettings.DEFAULTS);
  private static final int TUESDAY_19 = 24 + 19;
  private static final int SATURDAY_10 = 120 + 10;

  /**
   * Sends spread evenly over the week, opened with 40% chance within two hours of {@code peak} and
   * 10% elsewhere.
   */
  private static HourOfWeekCounts counts(int peak, int sendsPerHour, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    HourOfWeekCounts counts = HourOfWeekCounts.empty();
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      double rate = HourOfWeek.distance(h, peak) <= 2 ? 0.4 : 0.1;
      for (int i = 0; i < sendsPerHour; i++) {
        counts = counts.with(h, random.nextDouble() < rate);
      }
    }
    return counts;
  }

  @Test
  void findsTheSegmentsPeakHourAndBracketsItsRate() {
    BestHour best = MODEL.bestForSegment(counts(TUESDAY_19, 60, 1));

    assertThat(HourOfWeek.distance(best.hourOfWeek(), TUESDAY_19)).isLessThanOrEqualTo(1);
    assertThat(best.label()).startsWith("Tue");
    assertThat(best.openRate().low()).isLessThan(0.4);
    assertThat(best.openRate().high()).isGreaterThan(0.3);
    assertThat(best.sendsNear()).isGreaterThan(100);
  }

  @Test
  void aContactWithoutHistoryGetsItsSegmentsHour() {
    HourOfWeekCounts segment = counts(TUESDAY_19, 60, 2);

    BestHour best = MODEL.bestForContact(HourOfWeekCounts.empty(), segment);

    assertThat(best.hourOfWeek()).isEqualTo(MODEL.bestForSegment(segment).hourOfWeek());
    assertThat(best.sendsNear()).isZero();
  }

  @Test
  void aContactWithEnoughHistoryGetsItsOwnHour() {
    HourOfWeekCounts segment = counts(TUESDAY_19, 60, 3);
    HourOfWeekCounts contact = HourOfWeekCounts.empty();
    for (int i = 0; i < 30; i++) {
      contact = contact.with(SATURDAY_10, true).with(TUESDAY_19, false);
    }

    BestHour best = MODEL.bestForContact(contact, segment);

    assertThat(HourOfWeek.distance(best.hourOfWeek(), SATURDAY_10)).isLessThanOrEqualTo(1);
  }

  @Test
  void aContactsOneLuckyOpenDoesNotOutweighItsSegment() {
    HourOfWeekCounts segment = counts(TUESDAY_19, 60, 4);
    HourOfWeekCounts contact = HourOfWeekCounts.empty().with(SATURDAY_10, true);

    assertThat(HourOfWeek.distance(MODEL.bestForContact(contact, segment).hourOfWeek(), TUESDAY_19))
        .isLessThanOrEqualTo(2);
  }

  @Test
  void theContactsCurveStartsAtItsSegmentsCurve() {
    HourOfWeekCounts segment = counts(TUESDAY_19, 30, 5);

    assertThat(MODEL.contactRates(HourOfWeekCounts.empty(), segment))
        .containsExactly(MODEL.segmentRates(segment), within(1e-12));
  }
}
