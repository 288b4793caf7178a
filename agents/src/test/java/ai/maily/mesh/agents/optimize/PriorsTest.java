package ai.maily.mesh.agents.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.predict.HourOfWeek;
import java.time.DayOfWeek;
import org.junit.jupiter.api.Test;

class PriorsTest {

  private static final Priors PRIORS = Priors.shipped();

  @Test
  void shipsTheBenchmarkRatesOfEveryIndustry() {
    assertThat(PRIORS.industries()).hasSize(25).containsKey("hobbies");
    assertThat(PRIORS.defaultRates().open()).isEqualTo(0.2109);
    assertThat(PRIORS.defaultRates().click()).isEqualTo(0.0261);
    assertThat(PRIORS.rates("ecommerce").orElseThrow().clickToOpen())
        .isCloseTo(0.0207 / 0.1566, within(1e-12));
    assertThat(PRIORS.rates("retail")).isEmpty();
  }

  @Test
  void theSendTimeIndexAveragesOneOverWeekdayWorkingHours() {
    double sum = 0;
    int n = 0;
    for (DayOfWeek day : new DayOfWeek[] {DayOfWeek.MONDAY, DayOfWeek.FRIDAY}) {
      for (int hour = 9; hour <= 17; hour++) {
        sum += PRIORS.sendTime().index(HourOfWeek.of(day, hour));
        n++;
      }
    }
    for (DayOfWeek day :
        new DayOfWeek[] {DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY}) {
      for (int hour = 9; hour <= 17; hour++) {
        sum += PRIORS.sendTime().index(HourOfWeek.of(day, hour));
        n++;
      }
    }
    assertThat(sum / n).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void tuesdayAtTenIsTheBestHourAndWeekendNightsTheWorst() {
    HourOfWeek best = new HourOfWeek(0);
    HourOfWeek worst = new HourOfWeek(0);
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      HourOfWeek hour = new HourOfWeek(h);
      if (PRIORS.sendTime().index(hour) > PRIORS.sendTime().index(best)) {
        best = hour;
      }
      if (PRIORS.sendTime().index(hour) < PRIORS.sendTime().index(worst)) {
        worst = hour;
      }
    }
    assertThat(best).isEqualTo(HourOfWeek.of(DayOfWeek.TUESDAY, 10));
    assertThat(worst.day()).isEqualTo(DayOfWeek.SATURDAY);
    assertThat(PRIORS.sendTime().index(best)).isBetween(1.0, 1.1);
  }

  @Test
  void theIntervalsAreNinetyPercentWithPseudoCountsThatLeaveRoomForTheSender() {
    assertThat(PRIORS.level()).isEqualTo(0.9);
    assertThat(PRIORS.openStrength()).isEqualTo(25);
    assertThat(PRIORS.clickStrength()).isEqualTo(60);
  }
}
