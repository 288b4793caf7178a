package ai.maily.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The journal's rows keep their bytes: every event and batch serializes to the manifest and bytes
 * pinned in {@code journal-rows.txt}, so a refactoring that changed what the journal stores — and
 * what a node reads back after an upgrade — fails here.
 */
class JournalRowFormatTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyJournalRowSerializesToItsPinnedManifestAndBytes() throws IOException {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    Map<String, String> rows = new TreeMap<>();
    List<CborSerializable> samples = JournalSamples.rows();
    for (int i = 0; i < samples.size(); i++) {
      Object row = samples.get(i);
      var serializer = serialization.findSerializerFor(row);
      rows.put(
          String.format("%02d %s", i, Serializers.manifestFor(serializer, row)),
          HexFormat.of().formatHex(serialization.serialize(row).get()));
    }

    assertThat(rows).isEqualTo(pinned());
  }

  private static Map<String, String> pinned() throws IOException {
    Map<String, String> rows = new TreeMap<>();
    try (InputStream in = JournalRowFormatTest.class.getResourceAsStream("/journal-rows.txt")) {
      assertThat(in).as("journal-rows.txt").isNotNull();
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
