package ai.maily.mesh.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  private static final PriceTable TABLE =
      PriceTable.fromConfig(
          ConfigFactory.parseString(
              """
              default { prompt = 0.005, completion = 0.015 }
              models {
                "gpt-4o-mini" { prompt = 0.00015, completion = 0.0006 }
                "llama3.1:8b" { prompt = 0, completion = 0 }
              }
              """));

  @Test
  void pricesPromptAndCompletionTokensAtTheirModelsRatesPerThousand() {
    // 1,000 x 0.00015 + 500 x 0.0006 per 1,000 = 0.00015 + 0.0003 = 0.00045
    assertThat(TABLE.costMicros("gpt-4o-mini", 1000, 500)).isEqualTo(450);
    // 2,000 x 0.005 + 1,000 x 0.015 per 1,000 = 0.01 + 0.015 = 0.025
    assertThat(TABLE.costMicros("gpt-4o", 2000, 1000)).isEqualTo(25_000);
  }

  @Test
  void readsModelNamesWithDotsAndColonsAsNamesAndPricesAFreeModelAtNothing() {
    assertThat(TABLE.priceOf("llama3.1:8b"))
        .isEqualTo(new Price(new BigDecimal("0"), new BigDecimal("0")));
    assertThat(TABLE.costMicros("llama3.1:8b", 100_000, 100_000)).isZero();
  }

  @Test
  void roundsAFractionOfAMicroUpSoThatNoCallIsFree() {
    // One token at 0.00015 per 1,000 is 0.00000015: a fifth of a micro, counted as one.
    assertThat(TABLE.costMicros("gpt-4o-mini", 1, 0)).isEqualTo(1);
    assertThat(TABLE.costMicros("gpt-4o-mini", 0, 0)).isZero();
  }

  @Test
  void keepsPricesExactAsWritten() {
    PriceTable table =
        new PriceTable(
            Map.of("m", new Price(new BigDecimal("0.1"), new BigDecimal("0.2"))),
            new Price(BigDecimal.ONE, BigDecimal.ONE));
    // 0.1 + 0.2 is 0.3 in decimal, not 0.30000000000000004.
    assertThat(table.costMicros("m", 1000, 1000)).isEqualTo(300_000);
  }

  @Test
  void refusesAPriceThatIsNotADecimalOrIsNegative() {
    assertThatThrownBy(
            () ->
                PriceTable.fromConfig(
                    ConfigFactory.parseString(
                        "default { prompt = cheap, completion = 1 }, models {}")))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("prompt");
    assertThatThrownBy(
            () ->
                PriceTable.fromConfig(
                    ConfigFactory.parseString(
                        "default { prompt = -1, completion = 1 }, models {}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }
}
