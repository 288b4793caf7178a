package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.Failures;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.ws.Outgoing;
import ai.maily.mesh.edge.ws.TextMessages;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection of {@link GraphqlTransportWs}: where it is in the protocol, and the operations it
 * runs. Messages arrive one at a time, but results, authentication and timers complete on other
 * threads, so every change happens under the connection's lock.
 */
final class TransportConnection {

  /** What the server sends a connection that has been silent for a while. */
  static final Outgoing PING = text(Map.of("type", "ping"));

  private static final Logger LOG = LoggerFactory.getLogger(TransportConnection.class);

  private final Optional<String> queryToken;
  private final GraphqlTransportWs.Operations operations;
  private final Authenticator authenticator;
  private final GraphqlSettings settings;
  private final Materializer materializer;
  private final BoundedSourceQueue<Outgoing> control;
  private final Sink<Outgoing, NotUsed> out;
  private final Map<String, Running> running = new HashMap<>();
  private final Cancellable initTimeout;
  private Phase phase = Phase.AWAITING_INIT;
  private Principal caller;

  /**
   * @param control where acknowledgements, pongs, single results and the close go, in order
   * @param out where each subscription's stream goes
   */
  TransportConnection(
      Optional<String> queryToken,
      GraphqlTransportWs.Operations operations,
      Authenticator authenticator,
      GraphqlSettings settings,
      ActorSystem<?> system,
      BoundedSourceQueue<Outgoing> control,
      Sink<Outgoing, NotUsed> out) {
    this.queryToken = queryToken;
    this.operations = operations;
    this.authenticator = authenticator;
    this.settings = settings;
    this.materializer = Materializer.matFromSystem(system);
    this.control = control;
    this.out = out;
    this.initTimeout =
        system
            .scheduler()
            .scheduleOnce(
                settings.connectionInitTimeout(), this::initTimedOut, system.executionContext());
  }

  /** A message's text, read whole within the limit; an empty result for what closes. */
  CompletionStage<Optional<String>> read(Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      close(4400, "Invalid message received: binary");
      return CompletableFuture.completedFuture(Optional.empty());
    }
    long max = settings.maxMessageLength();
    return TextMessages.whole(message.asTextMessage(), max, materializer)
        .thenApply(
            text -> {
              if (text.isEmpty()) {
                close(1009, "Message too big: at most " + max + " characters");
              }
              return text;
            });
  }

  synchronized void receive(Optional<String> text) {
    if (phase == Phase.CLOSED || text.isEmpty()) {
      return;
    }
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(text.get());
    } catch (JsonProcessingException e) {
      close(4400, "Invalid message received: not JSON");
      return;
    }
    switch (message.path("type").asText("")) {
      case "connection_init" -> init(message.path("payload"));
      case "ping" -> send(text(Map.of("type", "pong")));
      case "pong" -> {}
      case "subscribe" -> subscribe(message);
      case "complete" -> complete(message);
      default -> close(4400, "Invalid message received: unknown type");
    }
  }

  private void init(JsonNode payload) {
    if (phase != Phase.AWAITING_INIT) {
      close(4429, "Too many initialisation requests");
      return;
    }
    if (!payload.isMissingNode() && !payload.isNull() && !payload.isObject()) {
      close(4400, "Invalid message received: payload must be an object");
      return;
    }
    phase = Phase.AUTHENTICATING;
    initTimeout.cancel();
    JsonNode authorization = payload.path("authorization");
    Optional<String> header =
        authorization.isTextual()
            ? Optional.of(authorization.asText())
            : queryToken.map(token -> "Bearer " + token);
    authenticator.authenticate(header).whenComplete(this::authenticated);
  }

  private synchronized void authenticated(Principal principal, Throwable refused) {
    if (phase != Phase.AUTHENTICATING) {
      return;
    }
    if (refused != null) {
      close(4403, "Forbidden");
      return;
    }
    caller = principal;
    phase = Phase.ACKNOWLEDGED;
    send(text(Map.of("type", "connection_ack")));
  }

  private synchronized void initTimedOut() {
    if (phase == Phase.AWAITING_INIT) {
      close(4408, "Connection initialisation timeout");
    }
  }

  private void subscribe(JsonNode message) {
    if (phase != Phase.ACKNOWLEDGED) {
      close(4401, "Unauthorized");
      return;
    }
    String id = message.path("id").asText("");
    if (!message.path("id").isTextual() || id.isEmpty() || !message.path("payload").isObject()) {
      close(4400, "Invalid message received: subscribe needs an id and a payload");
      return;
    }
    GraphqlRequest request;
    try {
      request = GraphqlRequest.of(message.path("payload"));
    } catch (ProblemException e) {
      close(4400, "Invalid message received: " + e.problem().detail());
      return;
    }
    if (running.containsKey(id)) {
      close(4409, "Subscriber for " + id + " already exists");
      return;
    }
    if (running.size() >= settings.maxSubscriptions()) {
      send(
          error(
              id,
              Problem.of(
                  ProblemType.INVALID_REQUEST,
                  "a connection runs at most "
                      + settings.maxSubscriptions()
                      + " operations at once (mesh.graphql.ws.max-subscriptions)")));
      return;
    }
    Running subscription = new Running();
    running.put(id, subscription);
    operations
        .execute(caller, request)
        .whenComplete((result, failure) -> executed(id, subscription, result, failure));
  }

  /**
   * Sends what an operation produced: its stream of results, its one result, or its errors. A
   * subscription the client completed in the meantime is cancelled before it starts.
   */
  private synchronized void executed(
      String id, Running subscription, ExecutionResult result, Throwable failure) {
    boolean wanted = phase != Phase.CLOSED && running.get(id) == subscription;
    if (failure != null) {
      if (wanted) {
        running.remove(id);
        send(error(id, Failures.toProblem(failure)));
      }
      return;
    }
    if (result.getData() instanceof Publisher<?> publisher) {
      if (!wanted) {
        Source.fromPublisher(publisher).runWith(Sink.cancelled(), materializer);
        return;
      }
      subscription.stream = stream(id, subscription, publisher);
      return;
    }
    if (!wanted) {
      return;
    }
    running.remove(id);
    if (!result.isDataPresent()) {
      send(errors(id, result.getErrors()));
      return;
    }
    send(message("next", id, result.toSpecification()));
    send(message("complete", id, null));
  }

  /** Runs a subscription's results into the socket: {@code next} each, then its end. */
  private UniqueKillSwitch stream(String id, Running subscription, Publisher<?> publisher) {
    Pair<UniqueKillSwitch, CompletionStage<Done>> run =
        Source.fromPublisher(publisher)
            .map(result -> message("next", id, ((ExecutionResult) result).toSpecification()))
            .concat(Source.single(message("complete", id, null)))
            .recover(
                new PFBuilder<Throwable, Outgoing>()
                    .matchAny(failure -> error(id, Failures.toProblem(failure)))
                    .build())
            .viaMat(KillSwitches.single(), Keep.right())
            .watchTermination(Keep.both())
            .to(out)
            .run(materializer);
    run.second().whenComplete((done, failure) -> ended(id, subscription));
    return run.first();
  }

  private synchronized void ended(String id, Running subscription) {
    running.remove(id, subscription);
  }

  /** The client no longer listens to {@code id}: its stream stops, and no message follows. */
  private void complete(JsonNode message) {
    if (!message.path("id").isTextual()) {
      close(4400, "Invalid message received: complete needs an id");
      return;
    }
    Running subscription = running.remove(message.path("id").asText());
    if (subscription != null && subscription.stream != null) {
      subscription.stream.shutdown();
    }
  }

  private Outgoing error(String id, Problem problem) {
    return errors(id, List.of(ProblemErrors.error(problem).build()));
  }

  private Outgoing errors(String id, List<GraphQLError> errors) {
    return message("error", id, errors.stream().map(GraphQLError::toSpecification).toList());
  }

  private void send(Outgoing message) {
    if (control.offer(message) != QueueOfferResult.enqueued()) {
      LOG.warn("closing a GraphQL connection whose client does not read its messages");
      control.fail(new IllegalStateException("the client does not read its messages"));
      stop();
    }
  }

  private synchronized void close(int code, String reason) {
    if (phase == Phase.CLOSED) {
      return;
    }
    send(new Outgoing.Close(code, reason));
    stop();
  }

  /** Ends every subscription; the connection sends nothing more. */
  synchronized void stop() {
    phase = Phase.CLOSED;
    initTimeout.cancel();
    running.values().stream()
        .filter(subscription -> subscription.stream != null)
        .forEach(subscription -> subscription.stream.shutdown());
    running.clear();
  }

  private static Outgoing text(Map<String, ?> message) {
    return new Outgoing.Text(GraphqlJson.text(message));
  }

  /** A message about the operation {@code id}; {@code payload} is left out when null. */
  private static Outgoing message(String type, String id, Object payload) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", type);
    message.put("id", id);
    if (payload != null) {
      message.put("payload", payload);
    }
    return text(message);
  }

  /** Where a connection is in the protocol. */
  private enum Phase {
    AWAITING_INIT,
    AUTHENTICATING,
    ACKNOWLEDGED,
    CLOSED
  }

  /** One subscription's stream, once it runs; absent while its operation is being executed. */
  private static final class Running {
    private UniqueKillSwitch stream;
  }
}
