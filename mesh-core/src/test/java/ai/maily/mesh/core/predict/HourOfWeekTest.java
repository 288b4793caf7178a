package ai.maily.mesh.core.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class HourOfWeekTest {

  private static final ZoneId DENVER = ZoneId.of("America/Denver");

  @Test
  void numbersTheHoursOfTheIsoWeekFromMondayMidnight() {
    assertThat(HourOfWeek.of(DayOfWeek.MONDAY, 0).value()).isZero();
    assertThat(HourOfWeek.of(DayOfWeek.TUESDAY, 10).value()).isEqualTo(34);
    assertThat(HourOfWeek.of(DayOfWeek.SUNDAY, 23).value()).isEqualTo(167);
    assertThat(new HourOfWeek(34).day()).isEqualTo(DayOfWeek.TUESDAY);
    assertThat(new HourOfWeek(34).hour()).isEqualTo(10);
  }

  @Test
  void readsTheHourOfALocalTime() {
    ZonedDateTime time = ZonedDateTime.of(2025, 1, 8, 14, 59, 0, 0, DENVER);

    assertThat(HourOfWeek.of(time)).isEqualTo(HourOfWeek.of(DayOfWeek.WEDNESDAY, 14));
  }

  @Test
  void rejectsHoursOutsideTheWeek() {
    assertThatThrownBy(() -> new HourOfWeek(168)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HourOfWeek(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HourOfWeek.of(DayOfWeek.MONDAY, 24))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextStartIsLaterTheSameWeekOrTheWeekAfter() {
    HourOfWeek tuesdayTen = HourOfWeek.of(DayOfWeek.TUESDAY, 10);
    // Wednesday 2025-01-01, 09:30 in Denver.
    ZonedDateTime wednesday = ZonedDateTime.of(2025, 1, 1, 9, 30, 0, 0, DENVER);

    assertThat(tuesdayTen.nextAt(wednesday))
        .isEqualTo(ZonedDateTime.of(2025, 1, 7, 10, 0, 0, 0, DENVER));
    assertThat(HourOfWeek.of(DayOfWeek.WEDNESDAY, 10).nextAt(wednesday))
        .isEqualTo(ZonedDateTime.of(2025, 1, 1, 10, 0, 0, 0, DENVER));
    assertThat(HourOfWeek.of(DayOfWeek.WEDNESDAY, 9).nextAt(wednesday))
        .isEqualTo(ZonedDateTime.of(2025, 1, 8, 9, 0, 0, 0, DENVER));
  }

  @Test
  void aStartExactlyAtTheGivenTimeIsThatTime() {
    ZonedDateTime tuesdayTen = ZonedDateTime.of(2025, 1, 7, 10, 0, 0, 0, DENVER);

    assertThat(HourOfWeek.of(tuesdayTen).nextAt(tuesdayTen)).isEqualTo(tuesdayTen);
  }

  @Test
  void anHourSkippedByTheClockChangeStartsAfterTheGap() {
    // Clocks in Denver jump from 02:00 to 03:00 on Sunday 2025-03-09.
    ZonedDateTime saturday = ZonedDateTime.of(2025, 3, 8, 12, 0, 0, 0, DENVER);

    ZonedDateTime next = HourOfWeek.of(DayOfWeek.SUNDAY, 2).nextAt(saturday);

    assertThat(next.toLocalDate()).isEqualTo(saturday.toLocalDate().plusDays(1));
    assertThat(next.getHour()).isEqualTo(3);
  }
}
