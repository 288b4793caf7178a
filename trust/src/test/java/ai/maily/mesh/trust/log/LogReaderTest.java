package ai.maily.mesh.trust.log;

import static ai.maily.mesh.trust.testing.TrustTestConfig.issuance;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import ai.maily.mesh.trust.tree.BatchAppend;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log's queries, answered from the published tree only, without an actor. */
class LogReaderTest {

  private static final NoteSigner signer = NoteSigner.generate(TrustTestConfig.ORIGIN);

  private final JdbcLogStore store = TrustTestConfig.h2Store();
  private final NodeCache cache = new NodeCache(store, 16);
  private final MerkleTree tree = new MerkleTree(cache, 0);
  private final LogReader reader = new LogReader(store, cache, 3, Runnable::run);

  @AfterEach
  void close() {
    store.close();
  }

  /** Stores a batch as the writer does, before its event is persisted; returns its tree. */
  private BatchAppend store(LogEntry... entries) {
    List<Hash> leafHashes = new ArrayList<>();
    List<LogStore.StoredEntry> rows = new ArrayList<>();
    for (LogEntry entry : entries) {
      leafHashes.add(entry.leafHash());
      rows.add(
          new LogStore.StoredEntry(
              tree.size() + rows.size(), entry.certificateId(), entry.encode()));
    }
    BatchAppend batch = tree.previewAppend(leafHashes);
    store.write(tree.size(), rows, batch.nodes());
    return batch;
  }

  /** Commits a stored batch as the writer does once its event is persisted; returns its note. */
  private String commit(BatchAppend batch, LogEntry... entries) {
    tree.append(List.of(entries).stream().map(LogEntry::leafHash).toList());
    String checkpoint =
        new Checkpoint(TrustTestConfig.ORIGIN, batch.size(), batch.root()).sign(signer).serialize();
    reader.publish(batch.size(), checkpoint);
    return checkpoint;
  }

  private static Rejection rejection(TrustLog.Reply<?> reply) {
    assertThat(reply).isInstanceOf(TrustLog.Refused.class);
    return ((TrustLog.Refused<?>) reply).rejection();
  }

  @Test
  void provesACertificateInThePublishedTreeAndIgnoresABatchNotYetPersisted() throws Exception {
    LogEntry a = issuance("a");
    LogEntry b = issuance("b");
    String published = commit(store(a, b), a, b);
    store(issuance("c"), issuance("d"));

    TrustLog.Found found = reader.find("a").orThrow();

    assertThat(found.treeSize()).isEqualTo(2);
    assertThat(found.checkpoint()).isEqualTo(published);
    Checkpoint signed = Checkpoint.parseVerified(found.checkpoint(), List.of(signer.verifier()));
    new InclusionProof(0, 2, found.proof().stream().map(Hash::of).toList())
        .verify(a.leafHash(), signed.root());
    assertThat(rejection(reader.find("c")))
        .isEqualTo(new Rejection(ProblemType.NOT_FOUND, "certificate c is not in the log"));
    assertThat(rejection(reader.inclusion(2, 3)).detail())
        .isEqualTo("size 3 is outside [1, 2], the log's sizes");
    assertThat(reader.head()).isEqualTo(new TrustLog.Head(2, published));
  }

  @Test
  void seesABatchOnceItIsPublished() throws Exception {
    LogEntry a = issuance("a");
    LogEntry c = issuance("c");
    commit(store(a), a);
    String published = commit(store(c), c);

    TrustLog.Found found = reader.find("c").orThrow();

    assertThat(found.leafIndex()).isEqualTo(1);
    assertThat(found.checkpoint()).isEqualTo(published);
    assertThat(reader.consistency(1, 2).orThrow().hashes()).hasSize(1);
    assertThat(reader.leaves(0, 2).orThrow().entries()).containsExactly(a.encode(), c.encode());
  }

  @Test
  void refusesAPageLargerThanTheLimit() {
    LogEntry[] entries = {issuance("a"), issuance("b"), issuance("c"), issuance("d")};
    commit(store(entries), entries);

    assertThat(rejection(reader.leaves(0, 4)))
        .isEqualTo(
            new Rejection(ProblemType.INVALID_REQUEST, "at most 3 leaves per page; asked for 4"));
  }

  @Test
  void isClosedUntilATreeIsPublished() {
    assertThat(reader.isOpen()).isFalse();

    reader.publish(0, "the empty tree's note");

    assertThat(reader.isOpen()).isTrue();
    assertThat(reader.head()).isEqualTo(new TrustLog.Head(0, "the empty tree's note"));
  }
}
