package ai.maily.mesh.trust.testing;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.log.JdbcLogStore;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** Configuration, stores and entries for trust tests. */
public final class TrustTestConfig {

  /** The origin and key name of test logs. */
  public static final String ORIGIN = "test.maily.ai/log";

  private TrustTestConfig() {}

  /** The mesh test configuration with small, fast batches. */
  public static Config create() {
    return ConfigFactory.parseString(
            """
            mesh.trust {
              origin = "%s"
              batch-size = 4
              batch-window = 20ms
              snapshot-every = 2
            }
            """
                .formatted(ORIGIN))
        .withFallback(MeshTestConfig.create());
  }

  /**
   * The test configuration of a node that forms a one-node cluster and keeps its signing key under
   * {@code dataDir}; {@code TrustService.init} is given the database for its log.
   */
  public static Config clusterNode(Path dataDir) {
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
            mesh.data-dir = "%s"
            """
                .formatted(dataDir))
        .withFallback(create());
  }

  /** A fresh in-memory H2 database URL, private to the caller. */
  public static String h2Url() {
    return "jdbc:h2:mem:trust-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  /** A store on a fresh in-memory H2 database. */
  public static JdbcLogStore h2Store() {
    return JdbcLogStore.open(h2Url(), "sa", "", 2);
  }

  /** An issuance entry for a certificate with this id. */
  public static LogEntry.Issuance issuance(String certificateId) {
    byte[] content = new byte[Hash.SIZE];
    Arrays.fill(content, (byte) certificateId.hashCode());
    return new LogEntry.Issuance(
        certificateId,
        new Subject(SubjectType.CAMPAIGN, "spring-" + certificateId),
        Hash.of(content),
        "acme",
        Instant.parse("2026-11-25T10:15:30.123Z"));
  }
}
