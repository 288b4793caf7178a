package ai.maily.mesh.edge.health;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * Serves the node's health checks under {@code /health/ready} and {@code /health/alive} on the
 * management port, where probes and operators expect them; Pekko Management's own routes only take
 * single-segment paths.
 */
public final class HealthRoutes extends AbstractExtensionId<HealthRoutes.Provider>
    implements ExtensionIdProvider {

  /** Loaded reflectively by Pekko Management from {@code pekko.management.http.routes}. */
  public HealthRoutes() {}

  @Override
  public HealthRoutes lookup() {
    return this;
  }

  @Override
  public Provider createExtension(ExtendedActorSystem system) {
    return new Provider(system);
  }

  /** The routes, answering 200 with "OK" or 503 with the failing checks. */
  public static final class Provider extends AllDirectives implements ManagementRouteProvider {

    private final HealthChecks checks;

    Provider(ExtendedActorSystem system) {
      this.checks =
          new HealthChecks(
              system,
              HealthCheckSettings.create(
                  system.settings().config().getConfig("pekko.management.health-checks")));
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
      return pathPrefix(
          "health",
          () ->
              concat(
                  path("ready", () -> get(() -> result(checks::readyResult))),
                  path("alive", () -> get(() -> result(checks::aliveResult)))));
    }

    private Route result(Supplier<CompletionStage<CheckResult>> check) {
      return onSuccess(
          check.get(),
          result ->
              result.isSuccess()
                  ? complete(StatusCodes.OK, "OK")
                  : complete(
                      StatusCodes.SERVICE_UNAVAILABLE,
                      "Not Healthy: " + result.failure().orElse("")));
    }
  }
}
