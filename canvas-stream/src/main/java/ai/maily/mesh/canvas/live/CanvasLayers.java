package ai.maily.mesh.canvas.live;

import ai.maily.mesh.canvas.CanvasEntity;
import ai.maily.mesh.canvas.LayerName;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Where other modules put what a canvas's layers show about a block — analytics its predictions
 * (performance), the trust log a certificate's status (trust) — without touching the canvas entity:
 * everyone watching the canvas gets a {@code layer} frame, and a newer one for the same layer and
 * block replaces an older one a slow client has not read. Layer data is derived and republished by
 * its source, so it is not persisted with the canvas.
 */
public final class CanvasLayers {

  private final LiveTopics topics;

  public CanvasLayers(ActorSystem<?> system) {
    this.topics = LiveTopics.get(system);
  }

  public void publish(
      String tenant, String canvasId, LayerName layer, String blockId, JsonNode data) {
    ObjectNode frame = Json.MAPPER.createObjectNode();
    frame.put("layer", layer.wireName());
    frame.put("blockId", blockId);
    frame.set("data", data);
    topics.publish(
        new LiveMessage.Ephemeral(
            CanvasEntity.persistenceId(tenant, canvasId),
            "layer",
            layer.wireName() + ":" + blockId,
            frame));
  }
}
