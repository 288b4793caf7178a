package ai.maily.mesh.edge.ws;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEvent$;
import org.apache.pekko.http.impl.engine.ws.FrameStart;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.impl.engine.ws.WebSocket$;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.server.UnsupportedWebSocketSubprotocolRejection;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.settings.WebSocketSettings;
import org.apache.pekko.stream.javadsl.Flow;
import scala.Option;

/**
 * Serves WebSockets whose handlers may close them with a status code of their own, such as the
 * 4400-4499 codes of graphql-transport-ws or the 4401/4403/4404 of the live streams.
 *
 * <p>Pekko HTTP 1.1's message API closes a connection with 1000 when the handler completes and 1011
 * when it fails, and has no way to send another code (akka/akka-http#2458, still open). So the
 * connection is served through Pekko HTTP's frame-level upgrade ({@link
 * UpgradeToWebSocketLowLevel#handleFrames}), with Pekko's own message stack on top of it, exactly
 * as its message API assembles them, plus one step: the close frame Pekko sends when the handler
 * completes after an {@link Outgoing.Close} carries that close's code and reason. Those classes are
 * internal to Pekko HTTP; the version is pinned in the parent pom, and {@code GraphqlIT} checks the
 * codes a client receives, so an upgrade that changes them fails the build.
 */
public final class ClosingWebSockets {

  /** The opcode of a close frame (RFC 6455 §5.5.1). */
  private static final byte CLOSE_OPCODE = 0x8;

  private final WebSocketSettings settings;
  private final LoggingAdapter log;

  public ClosingWebSockets(ActorSystem<?> system) {
    this.settings = ServerSettings.apply(system.settings().config()).websocketSettings();
    this.log = system.classicSystem().log();
  }

  /**
   * Upgrades a request that offers {@code subprotocol} to a WebSocket served by a new handler from
   * {@code handler}; rejects any other request, as Pekko's {@code
   * handleWebSocketMessagesForProtocol} does.
   */
  public Route serve(String subprotocol, Supplier<Flow<Message, Outgoing, NotUsed>> handler) {
    return Directives.extractRequest(
        request -> {
          Optional<WebSocketUpgrade> upgrade = request.getAttribute(AttributeKeys.webSocketUpgrade);
          if (upgrade.isEmpty()) {
            return Directives.reject(Rejections.expectedWebSocketRequest());
          }
          if (StreamSupport.stream(upgrade.get().getRequestedProtocols().spliterator(), false)
              .noneMatch(subprotocol::equals)) {
            return Directives.reject(UnsupportedWebSocketSubprotocolRejection.apply(subprotocol));
          }
          return Directives.complete(
              accept(upgrade.get(), Optional.of(subprotocol), handler.get()));
        });
  }

  /** Accepts {@code upgrade}, answering with {@code subprotocol} if given, served by handler. */
  public HttpResponse accept(
      WebSocketUpgrade upgrade,
      Optional<String> subprotocol,
      Flow<Message, Outgoing, NotUsed> handler) {
    AtomicReference<Outgoing.Close> close = new AtomicReference<>();
    Flow<
            org.apache.pekko.http.scaladsl.model.ws.Message,
            org.apache.pekko.http.scaladsl.model.ws.Message,
            NotUsed>
        messages =
            Flow.<org.apache.pekko.http.scaladsl.model.ws.Message>create()
                .map(Message::adapt)
                .via(handler)
                .takeWhile(out -> !(out instanceof Outgoing.Close), true)
                .mapConcat(
                    out -> {
                      if (out instanceof Outgoing.Text text) {
                        return List.of(TextMessage.create(text.text()).asScala());
                      }
                      close.set((Outgoing.Close) out);
                      return List.of();
                    });
    Flow<FrameEvent, FrameEvent, Object> frames =
        WebSocket$.MODULE$
            .stack(true, settings, WebSocket$.MODULE$.stack$default$3(), log)
            .join(messages)
            .asJava()
            .map(frame -> coded(frame, close.get()))
            .mapMaterializedValue(notUsed -> (Object) notUsed);
    return ((UpgradeToWebSocketLowLevel) upgrade)
        .handleFrames(frames, Option.apply(subprotocol.orElse(null)));
  }

  /**
   * The close frame with the handler's code once the handler has closed; other frames as they are.
   */
  private static FrameEvent coded(FrameEvent frame, Outgoing.Close close) {
    if (close != null
        && frame instanceof FrameStart start
        && start.header().opcode().code() == CLOSE_OPCODE) {
      return FrameEvent$.MODULE$.closeFrame(close.code(), close.reason(), Option.empty());
    }
    return frame;
  }
}
