package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.live.LiveEvent;

/** One event of an entity's stream: {@code seq} is its position among the entity's events. */
public record StreamEvent(String pid, long seq, LiveEvent event) {}
