package ai.maily.mesh.trust.log;

import static ai.maily.mesh.trust.testing.TrustTestConfig.issuance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.log.LogStore.StoredEntry;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import ai.maily.mesh.trust.tree.StoredNode;
import java.io.ByteArrayOutputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The log's tables on a real database: created when missing, written a batch at a time in one
 * transaction that first clears what an uncommitted batch left, read back in index order, and
 * enough to reopen the tree. Runs on H2 and on the local PostgreSQL, the production database.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(JdbcLogStoreTest.Engine.class)
class JdbcLogStoreTest {

  /** The databases the store is written for. */
  enum Engine {
    H2 {
      @Override
      Database create() {
        return new Database(TrustTestConfig.h2Url(), "sa", () -> {});
      }
    },
    /** The local server: skipped without it (failed under {@code CI=true}). */
    POSTGRESQL {
      @Override
      Database create() throws SQLException {
        LocalServices.requirePostgres();
        String schema = LocalServices.createPostgresSchema("trust_log_store");
        return new Database(
            LocalServices.postgresUrlInSchema(schema),
            LocalServices.POSTGRES_USER,
            () -> LocalServices.dropPostgresSchema(schema));
      }
    };

    /** A new, empty database of this engine, private to one test run. */
    abstract Database create() throws SQLException;
  }

  /** Where a test's database is (no password), and how to remove it once its stores are closed. */
  private record Database(String url, String user, Removal removal) {}

  @FunctionalInterface
  private interface Removal {
    void remove() throws SQLException;
  }

  private final Engine engine;
  private final List<JdbcLogStore> opened = new ArrayList<>();
  private final InMemoryNodeStore referenceNodes = new InMemoryNodeStore();
  private final MerkleTree reference = new MerkleTree(referenceNodes, 0);
  private Database database;

  JdbcLogStoreTest(Engine engine) {
    this.engine = engine;
  }

  @BeforeEach
  void createDatabase() throws SQLException {
    database = engine.create();
  }

  @AfterEach
  void closeAndRemove() throws SQLException {
    opened.forEach(JdbcLogStore::close);
    if (database != null) {
      database.removal().remove();
    }
  }

  private JdbcLogStore open() {
    JdbcLogStore store = JdbcLogStore.open(database.url(), database.user(), "", 2);
    opened.add(store);
    return store;
  }

  /** A batch as the log writes it: its entries from {@code committedSize} on, and its nodes. */
  private record Batch(long committedSize, List<StoredEntry> entries, List<StoredNode> nodes) {

    void writeTo(LogStore store) {
      store.write(committedSize, entries, nodes);
    }
  }

  /**
   * The next batch of the reference tree; {@code commit} appends it there, otherwise it is a batch
   * whose event never persisted, which leaves its rows behind but not its leaves.
   */
  private Batch batch(boolean commit, List<? extends LogEntry> logEntries) {
    long start = reference.size();
    List<StoredEntry> entries = new ArrayList<>();
    for (int i = 0; i < logEntries.size(); i++) {
      LogEntry entry = logEntries.get(i);
      entries.add(new StoredEntry(start + i, entry.certificateId(), entry.encode()));
    }
    List<Hash> leaves = logEntries.stream().map(LogEntry::leafHash).toList();
    List<StoredNode> nodes =
        commit ? reference.append(leaves).nodes() : reference.previewAppend(leaves).nodes();
    return new Batch(start, entries, nodes);
  }

  private Batch committed(String... certificateIds) {
    return batch(true, issuances(certificateIds));
  }

  private Batch neverCommitted(String... certificateIds) {
    return batch(false, issuances(certificateIds));
  }

  private static List<LogEntry> issuances(String... certificateIds) {
    return Arrays.stream(certificateIds).<LogEntry>map(TrustTestConfig::issuance).toList();
  }

  private static List<String> ids(List<StoredEntry> entries) {
    return entries.stream().map(StoredEntry::certificateId).toList();
  }

  /**
   * The reference tree's hashes of nodes {@code (level, from .. to - 1)}, as the store returns
   * them.
   */
  private byte[] referenceHashes(int level, long from, long to) {
    ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    for (long index = from; index < to; index++) {
      hashes.writeBytes(referenceNodes.get(level, index).orElseThrow().bytes());
    }
    return hashes.toByteArray();
  }

  @Test
  void createsItsTablesOnlyWhenMissingSoReopeningKeepsTheLog() {
    JdbcLogStore first = open();
    committed("a", "b", "c").writeTo(first);
    first.close();

    JdbcLogStore again = open();

    assertThat(ids(again.entries(0, 3))).containsExactly("a", "b", "c");
    assertThat(again.nodes(0, 0, 3)).isEqualTo(referenceHashes(0, 0, 3));
  }

  @Test
  void readsBatchesBackInIndexOrder() {
    JdbcLogStore store = open();
    Batch first = committed("a", "b", "c");
    Batch second = committed("d", "e", "f", "g", "h");
    first.writeTo(store);
    second.writeTo(store);

    List<StoredEntry> all = store.entries(0, 8);
    assertThat(all)
        .extracting(StoredEntry::leafIndex)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(ids(all)).containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
    assertThat(all.get(5).entry()).isEqualTo(issuance("f").encode());
    assertThat(ids(store.entries(2, 5))).containsExactly("c", "d", "e");
    assertThat(store.entries(8, 10)).isEmpty();
    // Eight leaves complete every level up to the root's: 8, 4, 2 and 1 nodes.
    for (int level = 0; level <= 3; level++) {
      long count = 8 >>> level;
      assertThat(store.nodes(level, 0, count)).isEqualTo(referenceHashes(level, 0, count));
    }
    assertThat(store.nodes(1, 1, 3)).isEqualTo(referenceHashes(1, 1, 3));
  }

  @Test
  void findsEveryEntryAboutACertificateBelowTheCommittedSizeOnly() {
    JdbcLogStore store = open();
    LogEntry.Revocation revocation =
        new LogEntry.Revocation(
            "c1", "sent by mistake", "acme", Instant.parse("2026-11-26T00:00:00Z"));
    batch(true, List.of(issuance("c1"), issuance("c2"), revocation)).writeTo(store);
    neverCommitted("c1").writeTo(store);

    List<StoredEntry> about = store.entriesFor("c1", 3);

    assertThat(about).extracting(StoredEntry::leafIndex).containsExactly(0L, 2L);
    assertThat(about.get(1).entry()).isEqualTo(revocation.encode());
    assertThat(store.entriesFor("c1", 2)).extracting(StoredEntry::leafIndex).containsExactly(0L);
    assertThat(store.entriesFor("unknown", 3)).isEmpty();
  }

  @Test
  void aWriteReplacesWhatABatchThatNeverCommittedLeftBehind() {
    JdbcLogStore store = open();
    committed("a", "b", "c", "d").writeTo(store);
    // Four more leaves would complete (2, 1) and the root of eight, (3, 0).
    neverCommitted("x", "y", "z", "w").writeTo(store);

    committed("e", "f", "g").writeTo(store);

    assertThat(ids(store.entries(0, 8))).containsExactly("a", "b", "c", "d", "e", "f", "g");
    assertThat(store.nodes(0, 0, 7)).isEqualTo(referenceHashes(0, 0, 7));
    assertThat(store.nodes(1, 0, 3)).isEqualTo(referenceHashes(1, 0, 3));
    assertThatThrownBy(() -> store.nodes(2, 1, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lacks node (2, 1)");
    assertThatThrownBy(() -> store.nodes(3, 0, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lacks node (3, 0)");
  }

  @Test
  void aBatchThatCollidesWithCommittedRowsIsRefusedWhole() {
    JdbcLogStore store = open();
    committed("a", "b").writeTo(store);
    Batch leftover = neverCommitted("x");
    leftover.writeTo(store);
    StoredEntry again = new StoredEntry(1, "b", issuance("b").encode());
    Batch colliding = new Batch(2, List.of(again), leftover.nodes());

    assertThatThrownBy(() -> colliding.writeTo(store))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("could not store the batch");

    // Rolled back: the leftover the write began by removing is still there.
    assertThat(ids(store.entries(0, 4))).containsExactly("a", "b", "x");
  }

  @Test
  void concurrentWritesAtTheSameSizeLeaveOneWholeBatch() throws Exception {
    JdbcLogStore store = open();
    committed("a", "b", "c", "d").writeTo(store);
    Batch left = neverCommitted("l1", "l2", "l3", "l4");
    Batch right = neverCommitted("r1", "r2", "r3", "r4");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService writers = Executors.newFixedThreadPool(2);
    List<Batch> succeeded = new ArrayList<>();
    try {
      List<CompletableFuture<Batch>> writes =
          List.of(left, right).stream()
              .map(batch -> writeAfter(start, batch, store, writers))
              .toList();
      start.countDown();
      for (CompletableFuture<Batch> write : writes) {
        try {
          succeeded.add(write.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          // The two transactions overlapped: the later insert met the other's keys.
          assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
        }
      }
    } finally {
      writers.shutdownNow();
    }

    // Sequential writes both succeed, the later replacing the earlier; overlapping ones leave
    // one. Either way the rows are one writer's whole batch, never a mix.
    List<String> stored = ids(store.entries(4, 9));
    Batch kept =
        succeeded.stream()
            .filter(batch -> ids(batch.entries()).equals(stored))
            .findFirst()
            .orElseThrow();
    for (int level = 0; level <= 3; level++) {
      long from = 4 >>> level;
      long to = 8 >>> level;
      assertThat(store.nodes(level, from, to)).isEqualTo(hashesAt(kept, level));
    }
  }

  private static CompletableFuture<Batch> writeAfter(
      CountDownLatch start, Batch batch, LogStore store, ExecutorService writers) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          batch.writeTo(store);
          return batch;
        },
        writers);
  }

  /** The hashes of {@code batch}'s nodes at {@code level}, in index order. */
  private static byte[] hashesAt(Batch batch, int level) {
    ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    batch.nodes().stream()
        .filter(node -> node.level() == level)
        .sorted(Comparator.comparingLong(StoredNode::index))
        .forEach(node -> hashes.writeBytes(node.hash().bytes()));
    return hashes.toByteArray();
  }

  @Test
  void reopensTheTreeItStoredAcrossManyBatches() throws Exception {
    JdbcLogStore first = open();
    for (int batch = 0; batch < 20; batch++) {
      String[] ids = new String[250];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = "b" + batch + "e" + i;
      }
      committed(ids).writeTo(first);
    }
    first.close();

    NodeCache cache = new NodeCache(open(), 8);
    cache.open(5_000);
    MerkleTree reopened = new MerkleTree(cache, 5_000);

    assertThat(reopened.root()).isEqualTo(reference.root());
    for (long index : new long[] {0, 4095, 4096, 4999}) {
      assertThat(Proofs.inclusion(reopened, index, 5_000))
          .isEqualTo(Proofs.inclusion(reference, index, 5_000));
    }
  }
}
