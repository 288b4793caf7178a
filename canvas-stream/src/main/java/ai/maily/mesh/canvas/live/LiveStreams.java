package ai.maily.mesh.canvas.live;

import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;

/** The node's live streams as sources, for the APIs that stream events: REST, gRPC, GraphQL. */
public record LiveStreams(ActorSystem<?> system, JournalReader reader, LiveSettings settings) {

  /**
   * The events of {@code pid} after position {@code after}, then live as they happen, each once and
   * in order ({@link LiveFeed#source}).
   */
  public Source<StreamEvent, NotUsed> follow(String pid, long after) {
    return LiveFeed.source(system, reader, settings, pid, after);
  }
}
