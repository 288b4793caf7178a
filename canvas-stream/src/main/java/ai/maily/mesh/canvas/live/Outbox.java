package ai.maily.mesh.canvas.live;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What a session sends towards its client: a bounded queue of persisted frames (events, answers,
 * the close), and a small one of ephemeral frames, which are conflated by kind and sender while the
 * client reads slowly. The connection's outgoing stream ends with a close.
 */
final class Outbox {

  private final BoundedSourceQueue<Outgoing> persisted;
  private final BoundedSourceQueue<Outgoing.Frame> ephemeral;
  private final Source<Outgoing, NotUsed> source;

  Outbox(ActorSystem<?> system, LiveSettings settings) {
    Pair<BoundedSourceQueue<Outgoing>, Source<Outgoing, NotUsed>> persistedQueue =
        Source.<Outgoing>queue(settings.buffer()).preMaterialize(system);
    Pair<BoundedSourceQueue<Outgoing.Frame>, Source<Outgoing.Frame, NotUsed>> ephemeralQueue =
        Source.<Outgoing.Frame>queue(settings.ephemeralBuffer()).preMaterialize(system);
    this.persisted = persistedQueue.first();
    this.ephemeral = ephemeralQueue.first();
    Source<Outgoing, NotUsed> conflated =
        ephemeralQueue
            .second()
            .conflateWithSeed(Outbox::latestByKey, Outbox::replaceLatest)
            .<Outgoing>mapConcat(latest -> List.copyOf(latest.values()));
    this.source =
        persistedQueue
            .second()
            .merge(conflated)
            .takeWhile(o -> !(o instanceof Outgoing.Close), true);
  }

  BoundedSourceQueue<Outgoing> persisted() {
    return persisted;
  }

  BoundedSourceQueue<Outgoing.Frame> ephemeral() {
    return ephemeral;
  }

  /** The connection's outgoing frames; materialized once. */
  Source<Outgoing, NotUsed> source() {
    return source;
  }

  private static Map<String, Outgoing.Frame> latestByKey(Outgoing.Frame frame) {
    Map<String, Outgoing.Frame> latest = new LinkedHashMap<>();
    latest.put(frame.conflationKey(), frame);
    return latest;
  }

  private static Map<String, Outgoing.Frame> replaceLatest(
      Map<String, Outgoing.Frame> latest, Outgoing.Frame frame) {
    latest.remove(frame.conflationKey());
    latest.put(frame.conflationKey(), frame);
    return latest;
  }
}
