package ai.maily.mesh.canvas.live;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * What a session sends towards its client: a bounded queue of persisted frames (events, answers,
 * the close), and a small set of ephemeral frames, conflated by kind and sender while the client
 * reads slowly. The connection's outgoing stream ends with a close, or when {@link #complete()} is
 * called and what is queued has gone out.
 *
 * <p>The session and the node's channels queue from their own threads; the connection's stream
 * takes from the queues inside its own stage, and is woken only when it waits for a frame. Frames
 * go out in the order they were queued, persisted and ephemeral ones taking turns while both wait.
 * Once the stream has ended, whatever is queued is dropped.
 */
final class Outbox extends GraphStage<SourceShape<Outgoing>> {

  private final Outlet<Outgoing> out = Outlet.create("Outbox.out");
  private final SourceShape<Outgoing> shape = SourceShape.of(out);
  private final int capacity;
  private final int ephemeralCapacity;

  // Guarded by this.
  private final ArrayDeque<Outgoing> persisted = new ArrayDeque<>();
  private final Map<String, Outgoing.Frame> ephemeral = new LinkedHashMap<>();
  private boolean ephemeralTurn;
  private boolean completing;
  private boolean ended;
  private boolean materialized;
  private AsyncCallback<NotUsed> waiting;

  Outbox(LiveSettings settings) {
    this.capacity = settings.buffer();
    this.ephemeralCapacity = settings.ephemeralBuffer();
  }

  /** The connection's outgoing frames; materialized once. */
  Source<Outgoing, NotUsed> source() {
    return Source.fromGraph(this);
  }

  /**
   * Queues a persisted frame or the close; false when the queue holds as many as it may, and the
   * client has fallen too far behind. After the close, or once the stream has ended, nothing more
   * is queued (and that is no failure).
   */
  boolean offer(Outgoing outgoing) {
    AsyncCallback<NotUsed> wake;
    synchronized (this) {
      if (ended || completing) {
        return true;
      }
      if (persisted.size() >= capacity) {
        return false;
      }
      persisted.add(outgoing);
      completing = outgoing instanceof Outgoing.Close;
      wake = takeWaiting();
    }
    wakeUp(wake);
    return true;
  }

  /**
   * Queues an ephemeral frame in place of an older one with the same key not sent yet; drops it
   * when as many keys wait as the ephemeral buffer holds (a newer frame of its kind follows soon).
   */
  void offerEphemeral(Outgoing.Frame frame) {
    AsyncCallback<NotUsed> wake;
    synchronized (this) {
      if (ended || completing) {
        return;
      }
      if (ephemeral.remove(frame.conflationKey()) == null
          && ephemeral.size() >= ephemeralCapacity) {
        return;
      }
      ephemeral.put(frame.conflationKey(), frame);
      wake = takeWaiting();
    }
    wakeUp(wake);
  }

  /** How many persisted frames are queued. */
  synchronized int size() {
    return persisted.size();
  }

  /** Ends the stream once what is queued has gone out, without a close frame. */
  void complete() {
    AsyncCallback<NotUsed> wake;
    synchronized (this) {
      completing = true;
      wake = takeWaiting();
    }
    wakeUp(wake);
  }

  private AsyncCallback<NotUsed> takeWaiting() {
    AsyncCallback<NotUsed> wake = waiting;
    waiting = null;
    return wake;
  }

  private static void wakeUp(AsyncCallback<NotUsed> wake) {
    if (wake != null) {
      wake.invoke(NotUsed.getInstance());
    }
  }

  /** The next frame to send, or null: then {@code callback} is woken when there is one. */
  private synchronized Outgoing next(AsyncCallback<NotUsed> callback) {
    boolean ephemeralFirst = ephemeralTurn && !ephemeral.isEmpty() || persisted.isEmpty();
    if (ephemeralFirst && !ephemeral.isEmpty()) {
      Iterator<Outgoing.Frame> oldest = ephemeral.values().iterator();
      Outgoing.Frame frame = oldest.next();
      oldest.remove();
      ephemeralTurn = false;
      return frame;
    }
    if (!persisted.isEmpty()) {
      ephemeralTurn = true;
      return persisted.poll();
    }
    if (!completing) {
      waiting = callback;
    }
    return null;
  }

  private synchronized boolean drained() {
    return completing && persisted.isEmpty();
  }

  private synchronized void end() {
    ended = true;
    waiting = null;
    persisted.clear();
    ephemeral.clear();
  }

  private synchronized void claim() {
    if (materialized) {
      throw new IllegalStateException("an outbox feeds one connection");
    }
    materialized = true;
  }

  @Override
  public SourceShape<Outgoing> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    claim();
    return new GraphStageLogic(shape) {

      private final AsyncCallback<NotUsed> arrived =
          createAsyncCallback(
              ignored -> {
                if (isAvailable(out)) {
                  pushNext();
                }
              });

      {
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pushNext();
              }

              @Override
              public void onDownstreamFinish(Throwable cause) throws Exception {
                end();
                super.onDownstreamFinish(cause);
              }
            });
      }

      private void pushNext() {
        Outgoing next = next(arrived);
        if (next != null) {
          push(out, next);
          if (next instanceof Outgoing.Close) {
            completeStage();
          }
        } else if (drained()) {
          completeStage();
        }
      }

      @Override
      public void postStop() {
        end();
      }
    };
  }
}
