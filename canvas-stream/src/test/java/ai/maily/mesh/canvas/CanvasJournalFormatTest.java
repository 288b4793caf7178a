package ai.maily.mesh.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.MeshTestConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A canvas's journal rows and snapshots keep their bytes, as mesh-core's {@code
 * JournalRowFormatTest} keeps the tasks': every event and the state serialize to the manifest and
 * bytes pinned in {@code canvas-journal-rows.txt}, so a change of what the journal stores — the
 * events' class names are their manifests, the ops' names their JSON — fails here.
 */
class CanvasJournalFormatTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyRowSerializesToItsPinnedManifestAndBytes() throws IOException {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    Map<String, String> rows = new TreeMap<>();
    List<CborSerializable> samples = CanvasSamples.rows();
    for (int i = 0; i < samples.size(); i++) {
      Object row = samples.get(i);
      var serializer = serialization.findSerializerFor(row);
      rows.put(
          String.format("%02d %s", i, Serializers.manifestFor(serializer, row)),
          HexFormat.of().formatHex(serialization.serialize(row).get()));
    }

    assertThat(rows).isEqualTo(pinned());
  }

  @Test
  void everyEventAndOpHasASample() {
    assertThat(CanvasSamples.events().stream().map(Object::getClass))
        .containsExactlyInAnyOrder(CanvasEntity.Event.class.getPermittedSubclasses());
    assertThat(CanvasSamples.everyOp().stream().map(Object::getClass))
        .containsExactlyInAnyOrder(CanvasOp.class.getPermittedSubclasses());
  }

  private static Map<String, String> pinned() throws IOException {
    Map<String, String> rows = new TreeMap<>();
    try (InputStream in =
        CanvasJournalFormatTest.class.getResourceAsStream("/canvas-journal-rows.txt")) {
      assertThat(in).as("canvas-journal-rows.txt").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          int split = line.lastIndexOf(' ');
          rows.put(line.substring(0, split), line.substring(split + 1));
        }
      }
    }
    return rows;
  }
}
