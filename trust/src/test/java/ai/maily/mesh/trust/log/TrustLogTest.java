package ai.maily.mesh.trust.log;

import static ai.maily.mesh.trust.testing.TrustTestConfig.issuance;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrustLogTest {

  private static final ActorTestKit testKit = ActorTestKit.create(TrustTestConfig.create());
  private static final NoteSigner signer = NoteSigner.generate(TrustTestConfig.ORIGIN);
  private static final LogSettings settings =
      LogSettings.fromConfig(testKit.system().settings().config().getConfig("mesh.trust"));

  private CountingLogStore store;
  private String entityId;
  private EventSourcedBehaviorTestKit<TrustLog.Command, TrustLog.Event, TrustLog.State> kit;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshLog() {
    store = new CountingLogStore(TrustTestConfig.h2Store());
    entityId = "log-" + UUID.randomUUID();
    kit = kit(settings);
  }

  private EventSourcedBehaviorTestKit<TrustLog.Command, TrustLog.Event, TrustLog.State> kit(
      LogSettings logSettings) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(), TrustLog.create(entityId, logSettings, signer, store, executor()));
  }

  private static Executor executor() {
    return testKit
        .system()
        .dispatchers()
        .lookup(DispatcherSelector.fromConfig("mesh.trust.dispatcher"));
  }

  private TestProbe<TrustLog.Reply<TrustLog.Appended>> append(LogEntry... entries) {
    TestProbe<TrustLog.Reply<TrustLog.Appended>> probe = testKit.createTestProbe();
    for (LogEntry entry : entries) {
      kit.runCommand(new TrustLog.Append(entry.encode(), probe.ref()));
    }
    return probe;
  }

  private List<TrustLog.Appended> replies(
      TestProbe<TrustLog.Reply<TrustLog.Appended>> probe, int count) {
    List<TrustLog.Appended> replies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      TrustLog.Reply<TrustLog.Appended> reply = probe.receiveMessage();
      assertThat(reply).isInstanceOf(TrustLog.Appended.class);
      replies.add(reply.orThrow());
    }
    return replies;
  }

  private static Rejection rejection(TrustLog.Reply<?> reply) {
    assertThat(reply).isInstanceOf(TrustLog.Refused.class);
    return ((TrustLog.Refused<?>) reply).rejection();
  }

  private static Checkpoint checkpoint(String signedNote) throws Exception {
    return Checkpoint.parseVerified(signedNote, List.of(signer.verifier()));
  }

  private static List<Hash> hashes(List<byte[]> bytes) {
    return bytes.stream().map(Hash::of).toList();
  }

  private List<TrustLog.BatchAppended> persistedBatches() {
    return kit.persistenceTestKit().persistedInStorage("TrustLog|" + entityId).stream()
        .map(TrustLog.BatchAppended.class::cast)
        .toList();
  }

  @Test
  void persistsAFullBatchAsOneEventWithOneSignedCheckpoint() throws Exception {
    // A full batch closes at once; the long window keeps a slow machine from closing it early.
    entityId = "log-" + UUID.randomUUID();
    kit =
        kit(
            new LogSettings(
                settings.origin(),
                settings.batchSize(),
                Duration.ofMinutes(1),
                settings.snapshotEvery(),
                settings.maxLeavesPage(),
                settings.nodeCacheChunks()));
    List<LogEntry.Issuance> entries =
        List.of(issuance("c0"), issuance("c1"), issuance("c2"), issuance("c3"));

    List<TrustLog.Appended> replies = replies(append(entries.toArray(LogEntry[]::new)), 4);

    assertThat(replies).extracting(TrustLog.Appended::leafIndex).containsExactly(0L, 1L, 2L, 3L);
    assertThat(replies)
        .extracting(TrustLog.Appended::checkpoint)
        .containsOnly(replies.get(0).checkpoint());
    Checkpoint signed = checkpoint(replies.get(0).checkpoint());
    assertThat(signed.size()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      new InclusionProof(i, 4, hashes(replies.get(i).proof()))
          .verify(entries.get(i).leafHash(), signed.root());
    }
    List<TrustLog.BatchAppended> batches = persistedBatches();
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0).entries()).hasSize(4);
    assertThat(batches.get(0).checkpoint()).isEqualTo(replies.get(0).checkpoint());
    // 4 leaves, 2 level-1 nodes, 1 level-2 node.
    assertThat(batches.get(0).nodes()).hasSize(7);
    assertThat(kit.getState().size()).isEqualTo(4);
  }

  @Test
  void closesAPartialBatchWhenItsWindowPasses() throws Exception {
    List<TrustLog.Appended> replies = replies(append(issuance("a"), issuance("b")), 2);

    assertThat(checkpoint(replies.get(0).checkpoint()).size()).isEqualTo(2);
    assertThat(persistedBatches()).hasSize(1);
  }

  @Test
  void everyCheckpointExtendsThePreviousOne() throws Exception {
    // The last reply of each group holds a checkpoint over the whole group, however the window
    // split it into batches.
    Checkpoint first =
        checkpoint(
            replies(append(issuance("a"), issuance("b"), issuance("c")), 3).get(2).checkpoint());
    Checkpoint second =
        checkpoint(
            replies(append(issuance("d"), issuance("e"), issuance("f"), issuance("g")), 4)
                .get(3)
                .checkpoint());

    var reply =
        kit.<TrustLog.Reply<TrustLog.Consistency>>runCommand(
                r -> new TrustLog.ProveConsistency(first.size(), second.size(), r))
            .reply();

    assertThat(second.size()).isEqualTo(7);
    new ConsistencyProof(first.size(), second.size(), hashes(reply.orThrow().hashes()))
        .verify(first.root(), second.root());
  }

  @Test
  void answersNoAppenderWhenTheBatchCannotBeStoredAndAppendsNothing() {
    replies(append(issuance("a")), 1);
    store.failWrites = true;

    TrustLog.Reply<TrustLog.Appended> reply = append(issuance("b")).receiveMessage();

    assertThat(rejection(reply))
        .isEqualTo(
            new Rejection(ProblemType.UNAVAILABLE, "the trust log could not store the entry"));
    assertThat(persistedBatches()).hasSize(1);
    store.failWrites = false;
    assertThat(replies(append(issuance("c")), 1).get(0).leafIndex()).isEqualTo(1);
  }

  @Test
  void answersAnAppendWhoseEventWasNotPersistedWithAFailure() {
    replies(append(issuance("a")), 1);
    kit.persistenceTestKit().failNextPersisted();

    TrustLog.Reply<TrustLog.Appended> reply = append(issuance("b")).receiveMessage();

    assertThat(rejection(reply).type()).isEqualTo(ProblemType.UNAVAILABLE);
    assertThat(rejection(reply).detail()).startsWith("the trust log restarted");
    assertThat(persistedBatches()).hasSize(1);
    // The entity restarted after the journal failure and carries on from the committed tree.
    assertThat(replies(append(issuance("c")), 1).get(0).leafIndex()).isEqualTo(1);
  }

  @Test
  void restartsFromTheStoreWithoutRebuildingTheTree() throws Exception {
    for (int batch = 0; batch < 5; batch++) {
      List<LogEntry> entries = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        entries.add(issuance("b" + batch + "e" + i));
      }
      replies(append(entries.toArray(LogEntry[]::new)), 4);
    }
    Checkpoint before = checkpoint(kit.getState().checkpoint());
    store.reset();

    kit.restart();
    TrustLog.Appended after = replies(append(issuance("after")), 1).get(0);

    assertThat(after.leafIndex()).isEqualTo(20);
    // Opening a tree of 20 leaves reads one partial chunk per level (20 = 0b10100: levels 0-4),
    // not the 39 nodes of the tree, and writes nothing but the new batch.
    assertThat(store.nodeReads.get()).isLessThanOrEqualTo(5);
    assertThat(store.writes.get()).isEqualTo(1);
    Checkpoint next = checkpoint(after.checkpoint());
    var proof =
        kit.<TrustLog.Reply<TrustLog.Consistency>>runCommand(
                r -> new TrustLog.ProveConsistency(before.size(), next.size(), r))
            .reply()
            .orThrow();
    new ConsistencyProof(before.size(), next.size(), hashes(proof.hashes()))
        .verify(before.root(), next.root());
  }

  @Test
  void recordsARevocationAsANewEntryAndRefusesASecond() {
    replies(append(issuance("c1")), 1);
    LogEntry.Revocation revocation =
        new LogEntry.Revocation(
            "c1", "sent by mistake", "acme", Instant.parse("2026-11-26T00:00:00Z"));

    TrustLog.Appended revoked = replies(append(revocation), 1).get(0);
    TrustLog.Reply<TrustLog.Appended> again = append(revocation).receiveMessage();

    assertThat(revoked.leafIndex()).isEqualTo(1);
    assertThat(kit.getState().revoked()).containsExactly("c1");
    assertThat(rejection(again))
        .isEqualTo(new Rejection(ProblemType.CONFLICT, "certificate c1 is already revoked"));
    assertThat(persistedBatches()).hasSize(2);
    TrustLog.Found found =
        kit.<TrustLog.Reply<TrustLog.Found>>runCommand(r -> new TrustLog.FindCertificate("c1", r))
            .reply()
            .orThrow();
    assertThat(found.leafIndex()).isZero();
    assertThat(found.revocation()).isEqualTo(revocation.encode());
  }

  @Test
  void answersQueriesFromTheCommittedTreeWhileABatchIsBeingPersisted() throws Exception {
    // Spawned without the behavior test kit, which reads the state after every command, and the
    // writer does not answer that while it persists.
    ActorRef<TrustLog.Command> log =
        testKit.spawn(TrustLog.create(entityId, settings, signer, store, executor()));
    TestProbe<TrustLog.Reply<TrustLog.Appended>> first = testKit.createTestProbe();
    log.tell(new TrustLog.Append(issuance("a").encode(), first.ref()));
    TrustLog.Appended committed = first.receiveMessage().orThrow();
    CountDownLatch persisting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    journal.withPolicy(
        (persistenceId, operation) -> {
          if (operation instanceof WriteEvents && persistenceId.equals("TrustLog|" + entityId)) {
            persisting.countDown();
            awaitUninterruptibly(release);
          }
          return ProcessingSuccess.getInstance();
        });
    TestProbe<TrustLog.Reply<TrustLog.Appended>> second = testKit.createTestProbe();
    try {
      log.tell(new TrustLog.Append(issuance("b").encode(), second.ref()));
      assertThat(persisting.await(10, TimeUnit.SECONDS)).isTrue();

      TestProbe<TrustLog.Head> head = testKit.createTestProbe();
      TestProbe<TrustLog.Reply<TrustLog.Inclusion>> inclusion = testKit.createTestProbe();
      TestProbe<TrustLog.Reply<TrustLog.Found>> found = testKit.createTestProbe();
      log.tell(new TrustLog.GetHead(head.ref()));
      log.tell(new TrustLog.ProveInclusion(0, 1, inclusion.ref()));
      log.tell(new TrustLog.FindCertificate("a", found.ref()));

      assertThat(head.receiveMessage()).isEqualTo(new TrustLog.Head(1, committed.checkpoint()));
      assertThat(inclusion.receiveMessage().orThrow().treeSize()).isEqualTo(1);
      TrustLog.Found a = found.receiveMessage().orThrow();
      assertThat(a.checkpoint()).isEqualTo(committed.checkpoint());
      assertThat(a.treeSize()).isEqualTo(1);
    } finally {
      release.countDown();
      journal.resetPolicy();
    }
    TrustLog.Appended appended = second.receiveMessage().orThrow();
    assertThat(appended.leafIndex()).isEqualTo(1);
    assertThat(checkpoint(appended.checkpoint()).size()).isEqualTo(2);
    testKit.stop(log);
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void refusesAMalformedEntryAndAppendsNothing() {
    var result =
        kit.<TrustLog.Reply<TrustLog.Appended>>runCommand(
            r -> new TrustLog.Append(new byte[] {1, 1, 0, 5, 'a'}, r));

    assertThat(rejection(result.reply()).type()).isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(rejection(result.reply()).detail())
        .startsWith("malformed log entry: certificateId: truncated");
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(kit.getState().size()).isZero();
  }

  @Test
  void refusesProofsAndPagesOutsideTheLog() {
    replies(append(issuance("a"), issuance("b")), 2);

    assertThat(
            rejection(
                kit.<TrustLog.Reply<TrustLog.Inclusion>>runCommand(
                        r -> new TrustLog.ProveInclusion(2, 2, r))
                    .reply()))
        .isEqualTo(new Rejection(ProblemType.INVALID_REQUEST, "index 2 is outside [0, 2)"));
    assertThat(
            rejection(
                kit.<TrustLog.Reply<TrustLog.Inclusion>>runCommand(
                        r -> new TrustLog.ProveInclusion(0, 3, r))
                    .reply()))
        .isEqualTo(
            new Rejection(
                ProblemType.INVALID_REQUEST, "size 3 is outside [1, 2], the log's sizes"));
    assertThat(
            rejection(
                    kit.<TrustLog.Reply<TrustLog.Consistency>>runCommand(
                            r -> new TrustLog.ProveConsistency(0, 2, r))
                        .reply())
                .detail())
        .startsWith("sizes from=0 and to=2");
    assertThat(
            rejection(
                    kit.<TrustLog.Reply<TrustLog.Leaves>>runCommand(
                            r -> new TrustLog.GetLeaves(1, 1, r))
                        .reply())
                .detail())
        .startsWith("leaves start=1 and end=1");
    assertThat(
            rejection(
                kit.<TrustLog.Reply<TrustLog.Found>>runCommand(
                        r -> new TrustLog.FindCertificate("nope", r))
                    .reply()))
        .isEqualTo(new Rejection(ProblemType.NOT_FOUND, "certificate nope is not in the log"));
  }

  @Test
  void servesLeavesWithTheirHashesAndEntries() {
    LogEntry.Issuance a = issuance("a");
    LogEntry.Issuance b = issuance("b");
    replies(append(a, b), 2);

    TrustLog.Leaves leaves =
        kit.<TrustLog.Reply<TrustLog.Leaves>>runCommand(r -> new TrustLog.GetLeaves(0, 2, r))
            .reply()
            .orThrow();

    assertThat(hashes(leaves.hashes())).containsExactly(a.leafHash(), b.leafHash());
    assertThat(leaves.entries()).containsExactly(a.encode(), b.encode());
  }

  @Test
  void signsAnEmptyCheckpointForAnEmptyLog() throws Exception {
    TrustLog.Head head = kit.<TrustLog.Head>runCommand(TrustLog.GetHead::new).reply();

    assertThat(head.size()).isZero();
    assertThat(checkpoint(head.checkpoint()).size()).isZero();
  }
}
