package ai.maily.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.budget.BudgetLedger;
import ai.maily.mesh.core.task.TaskCoordinator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * what a node reads back after an upgrade — fails here; and an event added to an entity but not to
 * its batch's subtypes fails here too.
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

  @Test
  void everyEventFitsItsEntitysBatchAndHasASampleHere() throws Exception {
    assertBatchHolds(
        AgentEntity.Event.class, AgentEntity.Batch.class, Set.of(), JournalSamples.agentEvents());
    assertBatchHolds(
        TaskCoordinator.Event.class,
        TaskCoordinator.Batch.class,
        Set.of(TaskCoordinator.TaskFinished.class),
        JournalSamples.taskEvents());
    assertThat(JournalSamples.ledgerEvents().stream().map(Object::getClass))
        .as("the samples of %s", BudgetLedger.Event.class.getName())
        .containsExactlyInAnyOrder(BudgetLedger.Event.class.getPermittedSubclasses());
  }

  /**
   * Every event subtype but the batch and those that keep a row of their own is named in the
   * batch's subtypes (else a batch holding it cannot be read back) and has a sample above (else its
   * bytes are not pinned).
   */
  private static void assertBatchHolds(
      Class<?> eventType, Class<?> batchType, Set<Class<?>> ownRows, List<?> samples)
      throws NoSuchFieldException {
    Set<Class<?>> batchable = new HashSet<>(List.of(eventType.getPermittedSubclasses()));
    batchable.remove(batchType);
    batchable.removeAll(ownRows);
    JsonSubTypes subtypes = batchType.getDeclaredField("events").getAnnotation(JsonSubTypes.class);

    assertThat(Arrays.stream(subtypes.value()).map(JsonSubTypes.Type::value))
        .as("the subtypes of %s", batchType.getName())
        .containsExactlyInAnyOrderElementsOf(batchable);
    assertThat(samples.stream().map(Object::getClass))
        .as("the samples of %s", eventType.getName())
        .containsExactlyInAnyOrderElementsOf(batchable);
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
