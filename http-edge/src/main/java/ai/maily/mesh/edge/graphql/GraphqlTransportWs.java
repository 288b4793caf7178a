package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.ws.Outgoing;
import graphql.ExecutionResult;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.MergeHub;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The server side of the graphql-transport-ws protocol
 * (github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md) on one WebSocket: {@code
 * connection_init} with the caller's token within the init timeout, then {@code connection_ack};
 * {@code ping}/{@code pong}; and any number of operations, up to {@code
 * mesh.graphql.ws.max-subscriptions} at once, each {@code subscribe}d under an id and answered with
 * {@code next} messages, then {@code complete} or {@code error}. Whatever a subscription field's
 * resolver returns as its publisher streams out the same way, so the protocol knows no field.
 *
 * <p>Close codes, as the protocol gives them: 4400 a message it does not allow, 4401 an operation
 * before {@code connection_ack}, 4403 a token refused at {@code connection_init}, 4408 no {@code
 * connection_init} in time, 4409 an id already running, 4429 a second {@code connection_init}; 1009
 * a message over {@code mesh.graphql.ws.max-message-length}, as the live streams close.
 */
public final class GraphqlTransportWs {

  /** The WebSocket subprotocol a client offers. */
  public static final String SUBPROTOCOL = "graphql-transport-ws";

  /** Runs an operation for a caller: the node's {@link MeshGraphql}, over the WebSocket. */
  @FunctionalInterface
  public interface Operations {
    CompletionStage<ExecutionResult> execute(Principal caller, GraphqlRequest request);
  }

  /** Control messages (acks, pongs, single results) waiting for a slow client; more close it. */
  private static final int CONTROL_BUFFER = 64;

  /** Messages of one subscription waiting in front of the socket. */
  private static final int SUBSCRIPTION_BUFFER = 16;

  private final Operations operations;
  private final Authenticator authenticator;
  private final GraphqlSettings settings;
  private final ActorSystem<?> system;
  private final Materializer materializer;

  public GraphqlTransportWs(
      Operations operations,
      Authenticator authenticator,
      GraphqlSettings settings,
      ActorSystem<?> system) {
    this.operations = operations;
    this.authenticator = authenticator;
    this.settings = settings;
    this.system = system;
    this.materializer = Materializer.matFromSystem(system);
  }

  /**
   * The handler of one connection.
   *
   * @param queryToken the {@code token} query parameter of the upgrade, used when {@code
   *     connection_init} carries no {@code authorization}
   */
  public Flow<Message, Outgoing, NotUsed> connection(Optional<String> queryToken) {
    // Built when the socket opens, so that nothing (its init timer) starts for one that never does.
    return Flow.fromMaterializer((mat, attributes) -> open(queryToken))
        .mapMaterializedValue(opened -> NotUsed.notUsed());
  }

  private Flow<Message, Outgoing, NotUsed> open(Optional<String> queryToken) {
    Pair<Sink<Outgoing, NotUsed>, Source<Outgoing, NotUsed>> hub =
        MergeHub.of(Outgoing.class, SUBSCRIPTION_BUFFER).preMaterialize(materializer);
    Pair<BoundedSourceQueue<Outgoing>, Source<Outgoing, NotUsed>> control =
        Source.<Outgoing>queue(CONTROL_BUFFER).preMaterialize(materializer);
    control.second().runWith(hub.first(), materializer);
    TransportConnection connection =
        new TransportConnection(
            queryToken, operations, authenticator, settings, system, control.first(), hub.first());
    Sink<Message, NotUsed> in =
        Flow.<Message>create()
            .mapAsync(1, connection::read)
            .to(Sink.foreach(connection::receive))
            .mapMaterializedValue(done -> NotUsed.notUsed());
    Source<Outgoing, NotUsed> out =
        hub.second()
            .keepAlive(settings.keepAlive(), () -> TransportConnection.PING)
            .watchTermination(
                (notUsed, done) -> {
                  done.whenComplete((ok, failure) -> connection.stop());
                  return NotUsed.notUsed();
                });
    return Flow.fromSinkAndSourceCoupled(in, out);
  }
}
