package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.rest.JsonRoutes;
import ai.maily.mesh.edge.ws.ClosingWebSockets;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * GraphQL over HTTP and over WebSocket, outside {@code /api/v1}: {@code POST /graphql} takes {@code
 * {query, variables, operationName}} as {@code application/json} behind the REST API's bearer
 * token, and {@code /graphql/ws} speaks graphql-transport-ws, authenticated by its {@code
 * connection_init}.
 *
 * <p>A request the edge cannot take (no token, not JSON, too large, no {@code query}) is answered
 * as REST answers it: a problem+json document with its status. Every request that runs is answered
 * {@code 200 application/json} with the GraphQL result, errors included, as the GraphQL-over-HTTP
 * convention has it for {@code application/json}; the errors' {@code extensions} carry their
 * problem types.
 */
public final class GraphqlRoutes extends JsonRoutes {

  private final MeshGraphql graphql;
  private final Authenticator authenticator;
  private final GraphqlTransportWs subscriptions;
  private final ClosingWebSockets webSockets;

  public GraphqlRoutes(
      MeshGraphql graphql,
      Authenticator authenticator,
      GraphqlTransportWs subscriptions,
      ClosingWebSockets webSockets,
      long maxBodyBytes) {
    super(maxBodyBytes);
    this.graphql = graphql;
    this.authenticator = authenticator;
    this.subscriptions = subscriptions;
    this.webSockets = webSockets;
  }

  public Route routes() {
    return pathPrefix(
        "graphql",
        () ->
            concat(
                pathEnd(() -> post(this::operation)),
                path(
                    "ws",
                    () ->
                        parameterOptional(
                            "token",
                            token ->
                                webSockets.serve(
                                    GraphqlTransportWs.SUBPROTOCOL,
                                    () -> subscriptions.connection(token))))));
  }

  private Route operation() {
    return optionalHeaderValueByName(
        "Authorization",
        header ->
            onSuccess(
                authenticator.authenticate(header),
                caller ->
                    jsonBody(
                        body ->
                            onSuccess(
                                graphql.execute(
                                    caller, GraphqlRequest.of(body), MeshGraphql.Transport.HTTP),
                                result ->
                                    complete(
                                        HttpResponse.create()
                                            .withEntity(
                                                ContentTypes.APPLICATION_JSON,
                                                GraphqlJson.bytes(result.toSpecification())))))));
  }
}
