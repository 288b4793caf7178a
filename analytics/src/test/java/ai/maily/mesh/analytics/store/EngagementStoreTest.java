package ai.maily.mesh.analytics.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.jdbc.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngagementStoreTest {

  @TempDir Path dir;

  static EngagementEvent event(String tenant, String id) {
    return new EngagementEvent(
        id,
        tenant,
        "contact-" + id,
        "spring",
        Channel.EMAIL,
        EngagementType.OPEN,
        Instant.parse("2026-03-01T09:30:00.123Z"),
        "{\"link\":\"https://acme.com\"}");
  }

  private Database h2() {
    return Database.at(
        "jdbc:h2:file:" + dir.resolve("analytics") + ";DATABASE_TO_UPPER=false", "sa", "");
  }

  @Test
  void storesNewEventsAtDenseOffsetsAndReadsThemBackInOrder() {
    try (EngagementStore store = EngagementStore.open(h2(), 2)) {
      List<WriteOutcome> outcomes =
          store.write(List.of(event("acme", "a"), event("acme", "b"), event("globex", "a")));

      assertThat(outcomes)
          .containsExactly(
              new WriteOutcome.Stored(1), new WriteOutcome.Stored(2), new WriteOutcome.Stored(3));
      List<StoredEvent> stored = store.after(0, 10);
      assertThat(stored).extracting(StoredEvent::offset).containsExactly(1L, 2L, 3L);
      assertThat(stored.get(0).event()).isEqualTo(event("acme", "a"));
      assertThat(store.after(2, 10)).extracting(e -> e.event().tenant()).containsExactly("globex");
      assertThat(store.after(0, 2)).hasSize(2);
      assertThat(store.lastOffset()).isEqualTo(3);
    }
  }

  @Test
  void aStoredEventIsADuplicateAndChangesNothing() {
    try (EngagementStore store = EngagementStore.open(h2(), 2)) {
      store.write(List.of(event("acme", "a")));

      List<WriteOutcome> again =
          store.write(List.of(event("acme", "a"), event("acme", "b"), event("acme", "b")));

      assertThat(again)
          .containsExactly(
              new WriteOutcome.Duplicate(1),
              new WriteOutcome.Stored(2),
              new WriteOutcome.Duplicate(2));
      assertThat(store.after(0, 10)).hasSize(2);
      assertThat(store.lastOffset()).isEqualTo(2);
    }
  }

  @Test
  void keepsItsEventsAndOffsetsAcrossARestart() {
    try (EngagementStore store = EngagementStore.open(h2(), 1)) {
      store.write(List.of(event("acme", "a")));
    }
    try (EngagementStore store = EngagementStore.open(h2(), 1)) {
      assertThat(store.write(List.of(event("acme", "a"), event("acme", "b"))))
          .containsExactly(new WriteOutcome.Duplicate(1), new WriteOutcome.Stored(2));
    }
  }

  @Test
  void anEventTheDatabaseRefusesFailsAloneAndTakesNoOffset() throws SQLException {
    Database database = h2();
    try (EngagementStore store = EngagementStore.open(database, 2)) {
      try (Connection connection =
              DriverManager.getConnection(database.url(), database.user(), database.password());
          Statement statement = connection.createStatement()) {
        statement.execute(
            "ALTER TABLE "
                + EngagementStore.TABLE
                + " ADD CONSTRAINT refuse_blocked CHECK (contact_id <> 'contact-blocked')");
      }

      List<WriteOutcome> outcomes =
          store.write(List.of(event("acme", "a"), event("acme", "blocked"), event("acme", "c")));

      assertThat(outcomes.get(0)).isEqualTo(new WriteOutcome.Stored(1));
      assertThat(outcomes.get(1)).isInstanceOf(WriteOutcome.Refused.class);
      assertThat(((WriteOutcome.Refused) outcomes.get(1)).reason())
          .containsIgnoringCase("refuse_blocked");
      assertThat(outcomes.get(2)).isEqualTo(new WriteOutcome.Stored(2));
      assertThat(store.after(0, 10)).extracting(StoredEvent::offset).containsExactly(1L, 2L);
    }
  }

  @Test
  void aStoreWithoutItsDatabaseSaysItIsUnavailable() {
    EngagementStore store = EngagementStore.open(h2(), 1);
    store.close();
    assertThatThrownBy(() -> store.write(List.of(event("acme", "a"))))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void writersOfTwoNodesOnPostgresqlNumberEveryEventOnceAndInCommitOrder() throws Exception {
    LocalServices.requirePostgres();
    String schema = LocalServices.createPostgresSchema("analytics_store");
    Database database =
        Database.at(LocalServices.postgresUrlInSchema(schema), LocalServices.POSTGRES_USER, "");
    try (EngagementStore first = EngagementStore.open(database, 2);
        EngagementStore second = EngagementStore.open(database, 2)) {
      int batches = 40;
      int perBatch = 50;
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (EngagementStore store : List.of(first, second)) {
        writers.add(
            CompletableFuture.runAsync(
                () ->
                    IntStream.range(0, batches)
                        .forEach(
                            b ->
                                store.write(
                                    IntStream.range(0, perBatch)
                                        // both nodes write every event: each must be stored once
                                        .mapToObj(i -> event("acme", b + "-" + i))
                                        .toList()))));
      }
      // A reader that follows along never finds an offset below one it has passed.
      long seen = 0;
      List<Long> offsets = new ArrayList<>();
      boolean writing = true;
      while (writing) {
        writing = !writers.stream().allMatch(CompletableFuture::isDone);
        List<StoredEvent> page;
        do {
          page = first.after(seen, 500);
          for (StoredEvent event : page) {
            offsets.add(event.offset());
            seen = event.offset();
          }
        } while (!page.isEmpty());
      }
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).join();

      assertThat(offsets).hasSize(batches * perBatch);
      assertThat(offsets)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, batches * perBatch).mapToObj(i -> (long) i).toList());
      assertThat(first.after(0, 10_000))
          .extracting(e -> e.event().eventId())
          .doesNotHaveDuplicates()
          .hasSize(batches * perBatch);
    } finally {
      LocalServices.dropPostgresSchema(schema);
    }
  }
}
