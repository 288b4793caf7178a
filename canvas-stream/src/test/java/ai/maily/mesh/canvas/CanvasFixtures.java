package ai.maily.mesh.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.typesafe.config.ConfigFactory;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings and ops written as JSON, for the canvas tests. */
final class CanvasFixtures {

  static final CanvasSettings SETTINGS = CanvasSettings.fromConfig(ConfigFactory.load());

  private CanvasFixtures() {}

  /** The settings with smaller limits, to reach them. */
  static CanvasSettings settings(int maxBlocks, int undoDepth, int history) {
    CanvasSettings s = SETTINGS;
    return new CanvasSettings(
        maxBlocks,
        s.maxTextLength(),
        s.maxTitleLength(),
        s.maxUrlLength(),
        s.maxOps(),
        s.maxCoordinate(),
        undoDepth,
        history,
        s.asksKept(),
        s.snapshotEvery(),
        s.listPage(),
        s.json());
  }

  /** The ops of a JSON array, written with single quotes; new blocks get ids new-1, new-2, ... */
  static List<CanvasOp> ops(String json) {
    AtomicInteger ids = new AtomicInteger();
    CanvasOps.Result read = CanvasOps.read(tree(json), () -> "new-" + ids.incrementAndGet());
    assertThat(read.problems()).as("problems reading " + json).isEmpty();
    return read.ops();
  }

  static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return Json.MAPPER.readTree(json.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An op adding a text block {@code id} at (0, y) that says {@code text}. */
  static String addText(String id, double y, String text) {
    return "{'op': 'addBlock', 'block': {'id': '"
        + id
        + "', 'type': 'text', 'x': 0, 'y': "
        + y
        + ", 'w': 600, 'h': 40, 'content': {'text': '"
        + text
        + "'}}}";
  }
}
