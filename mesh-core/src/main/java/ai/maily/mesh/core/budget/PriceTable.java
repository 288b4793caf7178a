package ai.maily.mesh.core.budget;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The price of each language model, from {@code mesh.ai.budget.prices}: an entry per model name,
 * and a default for the models it does not name.
 */
public final class PriceTable {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private final Map<String, Price> models;
  private final Price fallback;

  /**
   * @param models the price of each named model
   * @param fallback the price of every other model
   */
  public PriceTable(Map<String, Price> models, Price fallback) {
    this.models = Map.copyOf(models);
    this.fallback = fallback;
  }

  /**
   * Reads {@code prices}: {@code default {prompt, completion}} and {@code models {<name> {...}}}.
   */
  public static PriceTable fromConfig(Config prices) {
    Map<String, Price> models = new TreeMap<>();
    // Model names hold dots and colons ("llama3.1:8b"): read them as keys, never as paths.
    for (Map.Entry<String, ConfigValue> entry : prices.getObject("models").entrySet()) {
      if (!(entry.getValue() instanceof ConfigObject model)) {
        throw new ConfigException.WrongType(
            entry.getValue().origin(), "the price of model '" + entry.getKey() + "'", "object", "");
      }
      models.put(entry.getKey(), price(model.toConfig()));
    }
    return new PriceTable(models, price(prices.getConfig("default")));
  }

  private static Price price(Config entry) {
    return new Price(decimal(entry, "prompt"), decimal(entry, "completion"));
  }

  private static BigDecimal decimal(Config entry, String key) {
    // getString keeps a number's text as written, so 0.00015 stays exact.
    String text = entry.getString(key).trim();
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new ConfigException.BadValue(
          entry.origin(), key, "must be a decimal price per 1,000 tokens, not '" + text + "'");
    }
  }

  /** The price of {@code model}: its own entry, or the default. */
  public Price priceOf(String model) {
    return models.getOrDefault(model, fallback);
  }

  /** The price of models the table does not name. */
  public Price fallback() {
    return fallback;
  }

  /**
   * What {@code promptTokens} and {@code completionTokens} of {@code model} cost, in micros of the
   * currency, rounded up.
   */
  public long costMicros(String model, long promptTokens, long completionTokens) {
    Price price = priceOf(model);
    BigDecimal cost =
        price
            .promptPer1k()
            .multiply(BigDecimal.valueOf(promptTokens))
            .add(price.completionPer1k().multiply(BigDecimal.valueOf(completionTokens)))
            .divide(THOUSAND);
    return Money.microsRoundedUp(cost);
  }
}
