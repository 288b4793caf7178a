package ai.maily.mesh.trust.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import ai.maily.mesh.trust.testing.Certificates;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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

  @Test
  void aDatabaseNamedInTheTrustSettingsHoldsTheLogInsteadOfTheJournals() throws Exception {
    String own = TrustTestConfig.h2Url();
    String journal = TrustTestConfig.h2Url();
    ActorTestKit testKit =
        ActorTestKit.create(
            ConfigFactory.parseString("mesh.trust.db { url = \"%s\", user = sa }".formatted(own))
                .withFallback(TrustTestConfig.clusterNode(dataDir)));
    try {
      Cluster cluster = Cluster.get(testKit.system());
      cluster.manager().tell(Join.create(cluster.selfMember().address()));

      TrustService.init(testKit.system(), Database.at(journal, "sa", ""))
          .certify("acme", new Subject(SubjectType.EMAIL, "m-1"), Certificates.structuredEmail())
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);

      assertThat(trustTables(own)).isEqualTo(2);
      assertThat(trustTables(journal)).isZero();
    } finally {
      testKit.shutdownTestKit();
    }
  }

  /** How many of the log's tables the database at {@code url} holds. */
  private static int trustTables(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        ResultSet tables =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE LOWER(TABLE_NAME) IN ('trust_entry', 'trust_node')")) {
      tables.next();
      return tables.getInt(1);
    }
  }
}
