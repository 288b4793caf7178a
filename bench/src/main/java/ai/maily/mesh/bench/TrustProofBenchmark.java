package ai.maily.mesh.bench;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.proof.ProofException;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proof generation from the log's tree at a million leaves: inclusion proofs for random leaves and
 * consistency proofs between random sizes, each O(log n) reads of stored subtree hashes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrustProofBenchmark {

  @Param("1000000")
  public long leaves;

  private MerkleTree tree;

  /** One random stream per benchmark thread. */
  @State(Scope.Thread)
  public static class Randomness {
    final SplittableRandom random = new SplittableRandom(42);
  }

  @Setup
  public void buildTree() {
    tree = new MerkleTree(new InMemoryNodeStore(), 0);
    List<Hash> batch = new ArrayList<>();
    for (long i = 0; i < leaves; i++) {
      batch.add(Hashes.leafHash(ByteBuffer.allocate(Long.BYTES).putLong(i).array()));
      if (batch.size() == 65_536 || i == leaves - 1) {
        tree.append(batch);
        batch.clear();
      }
    }
  }

  @Benchmark
  public InclusionProof inclusionProof(Randomness r) throws ProofException {
    return Proofs.inclusion(tree, r.random.nextLong(leaves), leaves);
  }

  @Benchmark
  public ConsistencyProof consistencyProof(Randomness r) throws ProofException {
    long from = 1 + r.random.nextLong(leaves - 1);
    return Proofs.consistency(tree, from, leaves);
  }
}
