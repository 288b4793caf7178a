package ai.maily.mesh.trust.log;

import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.proof.ProofException;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the log's {@link TrustLog.Query queries} from its newest committed tree, which the writer
 * {@link #publish publishes} after each batch is persisted. Queries never wait for a batch in
 * flight: proofs, leaves and certificate lookups read the {@link NodeCache} and the {@link
 * LogStore} on the trust dispatcher, below the published size, where every row is committed and
 * immutable.
 *
 * <p>Each answer reads one published tree, its size and checkpoint together, so a proof is always
 * of the tree the checkpoint it comes with signs.
 */
final class LogReader {

  /** A committed tree: its size and the checkpoint signed over it. */
  private record Committed(long size, String checkpoint) {}

  private final LogStore store;
  private final NodeCache cache;
  private final int maxLeavesPage;
  private final Executor executor;
  private final AtomicReference<Committed> committed = new AtomicReference<>();
  private final Logger log = LoggerFactory.getLogger(LogReader.class);

  LogReader(LogStore store, NodeCache cache, int maxLeavesPage, Executor executor) {
    this.store = store;
    this.cache = cache;
    this.maxLeavesPage = maxLeavesPage;
    this.executor = executor;
  }

  /**
   * Makes the tree of {@code size} leaves, signed by {@code checkpoint}, the one queries read. The
   * writer calls it once the tree's nodes are in the cache and its batch is persisted.
   */
  void publish(long size, String checkpoint) {
    // The cache first: a reader that sees the new size must find its nodes.
    cache.publish(size);
    committed.set(new Committed(size, checkpoint));
  }

  /** Whether a tree is published; until then the writer holds queries back. */
  boolean isOpen() {
    return committed.get() != null;
  }

  /** Answers {@code query}: the head at once, anything that reads the store on the dispatcher. */
  void answer(TrustLog.Query query) {
    if (query instanceof TrustLog.GetHead get) {
      get.replyTo().tell(head());
    } else if (query instanceof TrustLog.ProveInclusion prove) {
      later(prove.replyTo(), () -> inclusion(prove.leafIndex(), prove.treeSize()));
    } else if (query instanceof TrustLog.ProveConsistency prove) {
      later(prove.replyTo(), () -> consistency(prove.size1(), prove.size2()));
    } else if (query instanceof TrustLog.GetLeaves get) {
      later(get.replyTo(), () -> leaves(get.start(), get.end()));
    } else if (query instanceof TrustLog.FindCertificate find) {
      later(find.replyTo(), () -> find(find.certificateId()));
    } else {
      throw new IllegalArgumentException("unknown query " + query.getClass().getName());
    }
  }

  /** The newest committed size and its signed checkpoint. */
  TrustLog.Head head() {
    Committed tree = committed();
    return new TrustLog.Head(tree.size(), tree.checkpoint());
  }

  /** The inclusion proof of leaf {@code leafIndex} in the tree of {@code treeSize} leaves. */
  TrustLog.Reply<TrustLog.Inclusion> inclusion(long leafIndex, long treeSize)
      throws ProofException {
    Committed tree = committed();
    if (treeSize < 1 || treeSize > tree.size()) {
      return TrustLog.Refused.of(
          ProblemType.INVALID_REQUEST,
          "size " + treeSize + " is outside [1, " + tree.size() + "], the log's sizes");
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      return TrustLog.Refused.of(
          ProblemType.INVALID_REQUEST, "index " + leafIndex + " is outside [0, " + treeSize + ")");
    }
    InclusionProof proof = Proofs.inclusion(merkleTree(tree), leafIndex, treeSize);
    return new TrustLog.Inclusion(proof.leafIndex(), proof.treeSize(), bytes(proof.hashes()));
  }

  /** The proof that the tree of {@code size1} leaves is a prefix of the tree of {@code size2}. */
  TrustLog.Reply<TrustLog.Consistency> consistency(long size1, long size2) throws ProofException {
    Committed tree = committed();
    if (size1 < 1 || size1 > size2 || size2 > tree.size()) {
      return TrustLog.Refused.of(
          ProblemType.INVALID_REQUEST,
          "sizes from="
              + size1
              + " and to="
              + size2
              + " must satisfy 1 <= from <= to <= "
              + tree.size()
              + ", the log's size");
    }
    ConsistencyProof proof = Proofs.consistency(merkleTree(tree), size1, size2);
    return new TrustLog.Consistency(proof.size1(), proof.size2(), bytes(proof.hashes()));
  }

  /** Leaves {@code start .. end - 1}: their leaf hashes and entries. */
  TrustLog.Reply<TrustLog.Leaves> leaves(long start, long end) {
    Committed tree = committed();
    if (start < 0 || start >= end || end > tree.size()) {
      return TrustLog.Refused.of(
          ProblemType.INVALID_REQUEST,
          "leaves start="
              + start
              + " and end="
              + end
              + " must satisfy 0 <= start < end <= "
              + tree.size()
              + ", the log's size");
    }
    if (end - start > maxLeavesPage) {
      return TrustLog.Refused.of(
          ProblemType.INVALID_REQUEST,
          "at most " + maxLeavesPage + " leaves per page; asked for " + (end - start));
    }
    List<byte[]> hashes = new ArrayList<>((int) (end - start));
    for (long index = start; index < end; index++) {
      hashes.add(cache.get(0, index).orElseThrow().bytes());
    }
    List<byte[]> entries =
        store.entries(start, end).stream().map(LogStore.StoredEntry::entry).toList();
    return new TrustLog.Leaves(start, end, hashes, entries);
  }

  /** A certificate's issuance and revocation, its issuance proven in the newest tree. */
  TrustLog.Reply<TrustLog.Found> find(String certificateId) throws ProofException {
    Committed tree = committed();
    byte[] issuance = null;
    byte[] revocation = null;
    long leafIndex = -1;
    for (LogStore.StoredEntry row : store.entriesFor(certificateId, tree.size())) {
      if (TrustLog.isRevocation(row.entry())) {
        revocation = row.entry();
      } else if (issuance == null) {
        issuance = row.entry();
        leafIndex = row.leafIndex();
      }
    }
    if (issuance == null) {
      return TrustLog.Refused.of(
          ProblemType.NOT_FOUND, "certificate " + certificateId + " is not in the log");
    }
    InclusionProof proof = Proofs.inclusion(merkleTree(tree), leafIndex, tree.size());
    return new TrustLog.Found(
        leafIndex, issuance, revocation, tree.checkpoint(), tree.size(), bytes(proof.hashes()));
  }

  /** Work that reads the store; a proof it cannot make is the caller's error. */
  @FunctionalInterface
  private interface Answer<T> {
    TrustLog.Reply<T> compute() throws ProofException;
  }

  private <T> void later(ActorRef<TrustLog.Reply<T>> replyTo, Answer<T> answer) {
    CompletableFuture.runAsync(() -> replyTo.tell(guarded(answer)), executor);
  }

  private <T> TrustLog.Reply<T> guarded(Answer<T> answer) {
    try {
      return answer.compute();
    } catch (ProofException e) {
      return TrustLog.Refused.of(ProblemType.INVALID_REQUEST, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("trust log query failed", e);
      return TrustLog.Refused.of(ProblemType.INTERNAL, "the trust log could not answer");
    }
  }

  private Committed committed() {
    Committed tree = committed.get();
    if (tree == null) {
      throw new IllegalStateException("the trust log has published no tree yet");
    }
    return tree;
  }

  private MerkleTree merkleTree(Committed tree) {
    return new MerkleTree(cache, tree.size());
  }

  static List<byte[]> bytes(List<Hash> hashes) {
    List<byte[]> bytes = new ArrayList<>(hashes.size());
    for (Hash hash : hashes) {
      bytes.add(hash.bytes());
    }
    return bytes;
  }
}
