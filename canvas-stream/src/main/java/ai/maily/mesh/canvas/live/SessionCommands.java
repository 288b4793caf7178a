package ai.maily.mesh.canvas.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * What a client may ask of the stream it watches, carried out by the edge's services with the
 * caller's rights. Each answers the fields of the {@code ack} frame, or fails with a {@code
 * ProblemException}, which becomes an {@code error} frame.
 */
public interface SessionCommands {

  /**
   * The snapshot of the watched canvas or task; fails with a not-found problem if there is none.
   */
  CompletionStage<Snapshot> snapshot();

  /** Applies a frame of type {@code op}, {@code ask} or {@code approve}. */
  CompletionStage<JsonNode> apply(String type, JsonNode frame);
}
