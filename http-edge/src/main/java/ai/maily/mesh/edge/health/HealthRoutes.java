package ai.maily.mesh.edge.health;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.health.ReadinessDetails;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
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
 * single-segment paths. A client that accepts {@code application/json} gets readiness as JSON with
 * the details of what may degrade without making the node unready, as modules register them in
 * {@link ReadinessDetails}: the cache (ADR 0027), the event bus, whose broker may be unreachable
 * (ADR 0032), and the language model and its breaker (ADR 0028).
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
    private final ExtendedActorSystem system;

    Provider(ExtendedActorSystem system) {
      this.system = system;
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
                  path(
                      "ready",
                      () ->
                          get(
                              () ->
                                  extractRequest(
                                      request ->
                                          acceptsJson(request)
                                              ? detailedResult(checks::readyResult)
                                              : result(checks::readyResult)))),
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

    /** The same answer as JSON: {@code status}, the {@code failure} if any, and {@code details}. */
    private Route detailedResult(Supplier<CompletionStage<CheckResult>> check) {
      return onSuccess(
          check.get(),
          result -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", result.isSuccess() ? "OK" : "Not Healthy");
            result.failure().ifPresent(failure -> body.put("failure", failure));
            body.put("details", ReadinessDetails.get(Adapter.toTyped(system)).now());
            return complete(
                result.isSuccess() ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
          });
    }

    private static boolean acceptsJson(HttpRequest request) {
      return request
          .getHeader("Accept")
          .map(accept -> accept.value().contains("application/json"))
          .orElse(false);
    }
  }
}
