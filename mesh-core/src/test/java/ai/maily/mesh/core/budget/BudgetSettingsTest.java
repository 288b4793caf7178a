package ai.maily.mesh.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BudgetSettingsTest {

  private static BudgetSettings settings(String budget) {
    return BudgetSettings.fromConfig(
        ConfigFactory.parseString("mesh.ai.budget {" + budget + "}")
            .withFallback(ConfigFactory.defaultReference()));
  }

  @Test
  void theDefaultsBoundEveryTenantPerMonthAndEveryTask() {
    BudgetSettings defaults = settings("");

    assertThat(defaults.currency()).isEqualTo("USD");
    assertThat(defaults.period()).isEqualTo(BudgetPeriod.MONTH);
    assertThat(defaults.limits().tenant("acme")).isEqualTo(Limit.of(2_000_000, new BigDecimal(20)));
    assertThat(defaults.limits().task("acme")).isEqualTo(Limit.of(100_000, BigDecimal.ONE));
    assertThat(defaults.reservationTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.policy().maxVariants()).isEqualTo(5);
  }

  @Test
  void aTenantsOverridesReplaceOnlyWhatTheyName() {
    BudgetSettings settings =
        settings(
            """
            overrides {
              "acme.eu" { tenant { tokens = 10000000, cost = 100 }, task.cost = 5 }
              frugal { task { tokens = 1000 } }
            }
            """);

    assertThat(settings.limits().tenant("acme.eu"))
        .isEqualTo(Limit.of(10_000_000, new BigDecimal(100)));
    assertThat(settings.limits().task("acme.eu")).isEqualTo(Limit.of(100_000, new BigDecimal(5)));
    assertThat(settings.limits().tenant("frugal")).isEqualTo(settings.limits().tenant("other"));
    assertThat(settings.limits().task("frugal")).isEqualTo(Limit.of(1000, BigDecimal.ONE));
  }

  @Test
  void unlimitedLeavesABoundOpen() {
    BudgetSettings settings = settings("tenant { tokens = unlimited }, task { cost = unlimited }");

    assertThat(settings.limits().tenant("acme").tokens()).isEmpty();
    assertThat(settings.limits().tenant("acme").costMicros())
        .isEqualTo(OptionalLong.of(20_000_000));
    assertThat(settings.limits().task("acme").costMicros()).isEmpty();
  }

  @Test
  void refusesALimitThatIsNeitherAnAmountNorUnlimited() {
    assertThatThrownBy(() -> settings("task { tokens = 1.5 }"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("whole number of tokens");
    assertThatThrownBy(() -> settings("tenant { cost = lots }"))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("amount of the currency");
  }

  @Test
  void aPeriodIsNamedByTheUtcCalendar() {
    Instant at = Instant.parse("2026-11-30T23:59:59Z");

    assertThat(BudgetPeriod.MONTH.keyOf(at)).isEqualTo("2026-11");
    assertThat(BudgetPeriod.MONTH.keyOf(at.plusSeconds(1))).isEqualTo("2026-12");
    assertThat(BudgetPeriod.DAY.keyOf(at)).isEqualTo("2026-11-30");
    assertThat(BudgetPeriod.NONE.keyOf(at)).isEqualTo("all");
    assertThat(settings("period = day").period()).isEqualTo(BudgetPeriod.DAY);
  }
}
