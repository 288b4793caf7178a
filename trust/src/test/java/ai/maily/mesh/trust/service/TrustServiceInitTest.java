package ai.maily.mesh.trust.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import ai.maily.mesh.trust.testing.Certificates;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring the node calls: one cluster node, the key under data-dir, the log's tables in the
 * journal's database, sharding.
 */
class TrustServiceInitTest {

  @TempDir Path dataDir;

  @Test
  void initWiresTheLogOnAClusterNodeInTheJournalsDatabaseAndGeneratesTheKeyUnderTheDataDir()
      throws Exception {
    ActorTestKit testKit = ActorTestKit.create(TrustTestConfig.clusterNode(dataDir));
    try {
      Cluster cluster = Cluster.get(testKit.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));

      TrustService service =
          TrustService.init(testKit.system(), Database.at(TrustTestConfig.h2Url(), "sa", ""));
      Certificate certificate =
          service
              .certify(
                  "acme", new Subject(SubjectType.EMAIL, "m-1"), Certificates.structuredEmail())
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);

      Path key = dataDir.resolve("trust").resolve("log-signing.key");
      assertThat(key).exists();
      assertThat(NoteVerifier.parse(service.publicKey()).name()).isEqualTo(TrustTestConfig.ORIGIN);
      assertThat(Files.readString(key)).contains(TrustTestConfig.ORIGIN);
      assertThat(certificate.leafIndex()).isZero();
      assertThat(TrustService.on(testKit.system())).containsSame(service);
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
