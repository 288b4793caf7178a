package ai.maily.mesh.edge.ws;

import ai.maily.mesh.canvas.live.Incoming;
import ai.maily.mesh.canvas.live.Outgoing;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.http.impl.engine.ws.FrameEvent;
import org.apache.pekko.http.impl.engine.ws.FrameEvent$;
import org.apache.pekko.http.impl.engine.ws.FrameHandler;
import org.apache.pekko.http.impl.engine.ws.Protocol;
import org.apache.pekko.http.impl.engine.ws.UpgradeToWebSocketLowLevel;
import org.apache.pekko.http.impl.engine.ws.WebSocket$;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.stream.UniformFanInShape;
import org.apache.pekko.stream.UniformFanOutShape;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Broadcast;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.Merge;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * Serves a WebSocket whose handler can close it with a code of its choosing, which Pekko HTTP's
 * message API cannot (it closes with 1000, or 1011 on a failure), while the live streams' clients
 * must learn why they were closed (4401, 4403, 4404, 1009: docs/api/live-streams.md).
 *
 * <p>It assembles the stack Pekko HTTP would — masking, frame handling (pings, fragments, the close
 * handshake) — from the engine's own stages, and puts a message layer of its own on top: text
 * frames are collected up to a size limit, and an {@link Outgoing.Close} becomes the engine's
 * "close with this code". These are Pekko HTTP internals, pinned by the tests of every close code
 * (LiveStreamsIT); ADR 0024 says why, and what to do when Pekko HTTP offers it.
 */
public final class CloseableWebSocket {

  // RFC 6455 §5.2 opcodes.
  private static final byte TEXT = 0x1;
  private static final byte PING = 0x9;
  private static final FiniteDuration CLOSE_TIMEOUT = FiniteDuration.create(3, TimeUnit.SECONDS);

  private CloseableWebSocket() {}

  /**
   * Accepts the upgrade and runs {@code handler} on the connection; client text frames over {@code
   * maxFrameBytes} arrive as {@link Incoming.TooBig}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static HttpResponse accept(
      WebSocketUpgrade upgrade,
      Flow<Incoming, Outgoing, NotUsed> handler,
      int maxFrameBytes,
      Optional<String> subprotocol,
      ActorSystem<?> system) {
    BidiFlow<FrameEvent, Object, Object, FrameEvent, NotUsed> engine =
        BidiFlow.fromGraph((Graph) WebSocket$.MODULE$.masking(true, Random::new))
            .atop(
                BidiFlow.fromGraph(
                    (Graph)
                        WebSocket$.MODULE$.frameHandling(
                            true,
                            CLOSE_TIMEOUT,
                            Logging.getLogger(system.classicSystem(), CloseableWebSocket.class))));
    Flow<FrameEvent, FrameEvent, NotUsed> frames = engine.join(messages(handler, maxFrameBytes));
    return ((UpgradeToWebSocketLowLevel) upgrade)
        .handleFrames((Graph) frames, Option.apply(subprotocol.orElse(null)));
  }

  /**
   * The message layer: the engine's events for the handler go to it as messages, and the engine's
   * own (pongs to send, the peer's close, which the handler also sees as the end of its input)
   * bypass it back to the engine.
   */
  private static Flow<Object, Object, NotUsed> messages(
      Flow<Incoming, Outgoing, NotUsed> handler, int maxFrameBytes) {
    Flow<Object, Object, NotUsed> app =
        Flow.of(Object.class)
            .filter(FrameHandler.MessagePart.class::isInstance)
            .takeWhile(part -> !(part instanceof FrameHandler.PeerClosed))
            .via(collected(maxFrameBytes))
            .via(handler)
            .map(CloseableWebSocket::rendered)
            .concat(Source.single(FrameHandler.UserHandlerCompleted$.MODULE$))
            .recover(
                new PFBuilder<Throwable, Object>()
                    .matchAny(FrameHandler.UserHandlerErredOut::new)
                    .build());
    return Flow.fromGraph(
        GraphDSL.create(
            builder -> {
              UniformFanOutShape<Object, Object> split = builder.add(Broadcast.create(2));
              UniformFanInShape<Object, Object> merge = builder.add(Merge.create(2));
              builder.from(split.out(0)).via(builder.add(app)).toInlet(merge.in(0));
              builder
                  .from(split.out(1))
                  .via(
                      builder.add(
                          Flow.of(Object.class).filter(FrameHandler.BypassEvent.class::isInstance)))
                  .toInlet(merge.in(1));
              return FlowShape.of(split.in(), merge.out());
            }));
  }

  /** Joins the parts of each text message, up to {@code maxBytes} of UTF-8. */
  private static Flow<Object, Incoming, NotUsed> collected(int maxBytes) {
    return Flow.of(Object.class)
        .statefulMap(
            () -> new StringBuilder(),
            (text, part) -> {
              if (part instanceof FrameHandler.TextMessagePart textPart) {
                if (text.length() <= maxBytes) {
                  text.append(textPart.data());
                }
                if (!textPart.last()) {
                  return org.apache.pekko.japi.Pair.create(text, Optional.<Incoming>empty());
                }
                String message = text.toString();
                Incoming incoming =
                    message.getBytes(StandardCharsets.UTF_8).length > maxBytes
                        ? Incoming.TooBig.INSTANCE
                        : new Incoming.Text(message);
                return org.apache.pekko.japi.Pair.create(
                    new StringBuilder(), Optional.of(incoming));
              }
              if (part instanceof FrameHandler.BinaryMessagePart binary && binary.last()) {
                return org.apache.pekko.japi.Pair.create(
                    text, Optional.<Incoming>of(Incoming.Binary.INSTANCE));
              }
              return org.apache.pekko.japi.Pair.create(text, Optional.<Incoming>empty());
            },
            text -> Optional.empty())
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  private static Object rendered(Outgoing outgoing) {
    if (outgoing instanceof Outgoing.Frame frame) {
      return frame(Protocol.Opcode$.MODULE$.forCode(TEXT), ByteString.fromString(frame.json()));
    }
    if (outgoing instanceof Outgoing.Close close) {
      return new FrameHandler.ActivelyCloseWithCode(Option.apply(close.code()), close.reason());
    }
    return frame(Protocol.Opcode$.MODULE$.forCode(PING), ByteString.emptyByteString());
  }

  private static FrameEvent frame(Protocol.Opcode opcode, ByteString data) {
    return FrameEvent$.MODULE$.fullFrame(opcode, Option.empty(), data, true, false, false, false);
  }
}
