package ai.maily.mesh.core.budget;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.math.BigDecimal;
import java.util.OptionalLong;

/**
 * A budget's bounds: at most so many tokens and at most so much cost; an empty bound does not
 * limit.
 *
 * @param tokens the most tokens, prompt and completion together
 * @param costMicros the most cost, in micros of the currency
 */
public record Limit(OptionalLong tokens, OptionalLong costMicros) {

  /** No bound at all. */
  public static final Limit UNLIMITED = new Limit(OptionalLong.empty(), OptionalLong.empty());

  private static final String UNLIMITED_WORD = "unlimited";

  public Limit {
    if (tokens.isPresent() && tokens.getAsLong() < 0
        || costMicros.isPresent() && costMicros.getAsLong() < 0) {
      throw new IllegalArgumentException("a limit must not be negative");
    }
  }

  /** At most {@code tokens} tokens and {@code cost} of the currency. */
  public static Limit of(long tokens, BigDecimal cost) {
    return new Limit(OptionalLong.of(tokens), OptionalLong.of(Money.microsRoundedDown(cost)));
  }

  /**
   * Reads {@code tokens} and {@code cost} of {@code block}, each a number or {@code unlimited}; a
   * key {@code block} does not set falls back to {@code fallback}'s.
   */
  static Limit fromConfig(Config block, Limit fallback) {
    OptionalLong tokens =
        block.hasPath("tokens") ? bound(block, "tokens", false) : fallback.tokens();
    OptionalLong cost = block.hasPath("cost") ? bound(block, "cost", true) : fallback.costMicros();
    return new Limit(tokens, cost);
  }

  private static OptionalLong bound(Config block, String key, boolean money) {
    String text = block.getString(key).trim();
    if (text.equals(UNLIMITED_WORD)) {
      return OptionalLong.empty();
    }
    try {
      BigDecimal value = new BigDecimal(text);
      if (value.signum() < 0) {
        throw new NumberFormatException("negative");
      }
      return OptionalLong.of(
          money ? Money.microsRoundedDown(value) : value.toBigIntegerExact().longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException.BadValue(
          block.origin(),
          key,
          "must be "
              + (money ? "an amount of the currency" : "a whole number of tokens")
              + " or '"
              + UNLIMITED_WORD
              + "', not '"
              + text
              + "'");
    }
  }
}
