package ai.maily.mesh.core.budget;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;

/**
 * The limits of every tenant's budget per period and of each of its tasks, from {@code
 * mesh.ai.budget}: defaults for all tenants, and overrides for some.
 */
public final class BudgetLimits {

  /** A tenant's two limits. */
  private record TenantLimits(Limit tenant, Limit task) {}

  private final TenantLimits defaults;
  private final Map<String, TenantLimits> overrides;

  private BudgetLimits(TenantLimits defaults, Map<String, TenantLimits> overrides) {
    this.defaults = defaults;
    this.overrides = Map.copyOf(overrides);
  }

  /** The same limits for every tenant. */
  public static BudgetLimits of(Limit tenant, Limit task) {
    return new BudgetLimits(new TenantLimits(tenant, task), Map.of());
  }

  /**
   * Reads {@code tenant}, {@code task} and {@code overrides.<tenant>.{tenant, task}} of {@code
   * budget}.
   */
  static BudgetLimits fromConfig(Config budget) {
    Limit tenant = Limit.fromConfig(budget.getConfig("tenant"), Limit.UNLIMITED);
    Limit task = Limit.fromConfig(budget.getConfig("task"), Limit.UNLIMITED);
    Map<String, TenantLimits> overrides = new TreeMap<>();
    // Tenant names are keys, never paths: a name may hold a dot.
    for (Map.Entry<String, ConfigValue> entry : budget.getObject("overrides").entrySet()) {
      if (!(entry.getValue() instanceof ConfigObject block)) {
        throw new ConfigException.WrongType(
            entry.getValue().origin(),
            "the overrides of tenant '" + entry.getKey() + "'",
            "object",
            "");
      }
      Config override = block.toConfig();
      overrides.put(
          entry.getKey(),
          new TenantLimits(
              override.hasPath("tenant")
                  ? Limit.fromConfig(override.getConfig("tenant"), tenant)
                  : tenant,
              override.hasPath("task")
                  ? Limit.fromConfig(override.getConfig("task"), task)
                  : task));
    }
    return new BudgetLimits(new TenantLimits(tenant, task), overrides);
  }

  /** What {@code tenant} may spend in one period. */
  public Limit tenant(String tenant) {
    return overrides.getOrDefault(tenant, defaults).tenant();
  }

  /** What one task of {@code tenant} may spend. */
  public Limit task(String tenant) {
    return overrides.getOrDefault(tenant, defaults).task();
  }
}
