package ai.maily.mesh.canvas.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A stream's state as a snapshot shows it: the {@code snapshot} frame's fields ({@code canvas} or
 * {@code task}), the positions of the events it includes, by persistence id, and the streams that
 * belong with it (the tasks asked from a canvas).
 */
public record Snapshot(
    String field, JsonNode body, Map<String, Long> positions, List<String> pids) {}
