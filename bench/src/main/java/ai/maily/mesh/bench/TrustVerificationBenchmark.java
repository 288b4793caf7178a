package ai.maily.mesh.bench;

import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.ProofException;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import ai.maily.mesh.trust.verify.CertificateVerifier;
import ai.maily.mesh.trust.verify.LogEvidence;
import ai.maily.mesh.trust.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
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
 * Certificate verification as the API and the page run it: content hash, checkpoint signature,
 * inclusion proof, consistency with the newest checkpoint and revocation, for certificates in a log
 * of a million leaves. {@code verify} uses one verifier, which remembers checkpoints whose
 * signature it checked (the server's case: many certificates under few checkpoints); {@code
 * verifyCold} checks the Ed25519 signature every time (a client verifying one email).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrustVerificationBenchmark {

  private static final int CERTIFICATES = 1024;

  @Param("1000000")
  public long leaves;

  private NoteSigner signer;
  private CertificateVerifier verifier;
  private final List<Certificate> certificates = new ArrayList<>();
  private LogEvidence evidence;

  /** One random stream per benchmark thread. */
  @State(Scope.Thread)
  public static class Randomness {
    final SplittableRandom random = new SplittableRandom(7);
  }

  @Setup
  public void issueCertificates() throws ProofException {
    signer = NoteSigner.generate("bench.maily/log");
    verifier = new CertificateVerifier(signer.verifier());
    List<LogEntry.Issuance> issuances = new ArrayList<>();
    MerkleTree tree = new MerkleTree(new InMemoryNodeStore(), 0);
    List<Hash> batch = new ArrayList<>();
    Instant issuedAt = Instant.parse("2026-11-25T12:00:00Z");
    for (long i = 0; i < leaves; i++) {
      LogEntry.Issuance issuance =
          new LogEntry.Issuance(
              UUID.nameUUIDFromBytes(Long.toString(i).getBytes(StandardCharsets.UTF_8)).toString(),
              new Subject(SubjectType.EMAIL, "m-" + i),
              Hashes.leafHash(Long.toString(i).getBytes(StandardCharsets.UTF_8)),
              "acme",
              issuedAt);
      if (i < CERTIFICATES) {
        issuances.add(issuance);
      }
      batch.add(issuance.leafHash());
      if (batch.size() == 65_536 || i == leaves - 1) {
        tree.append(batch);
        batch.clear();
      }
    }
    String checkpoint =
        new Checkpoint("bench.maily/log", leaves, tree.root()).sign(signer).serialize();
    for (int i = 0; i < CERTIFICATES; i++) {
      certificates.add(
          Certificate.of(issuances.get(i), i, checkpoint, Proofs.inclusion(tree, i, leaves)));
    }
    evidence =
        new LogEvidence.Answered(
            checkpoint, new ConsistencyProof(leaves, leaves, List.of()), true, Optional.empty());
  }

  @Benchmark
  public VerificationReport verify(Randomness r) {
    Certificate certificate = certificates.get(r.random.nextInt(CERTIFICATES));
    return verifier.verify(certificate, Optional.of(certificate.contentHash()), evidence);
  }

  @Benchmark
  public VerificationReport verifyCold(Randomness r) {
    Certificate certificate = certificates.get(r.random.nextInt(CERTIFICATES));
    return new CertificateVerifier(signer.verifier())
        .verify(certificate, Optional.of(certificate.contentHash()), evidence);
  }
}
