package ai.maily.mesh.node;

import ai.maily.mesh.core.jdbc.Database;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a node's configuration: {@code application.conf} with its environment overrides, plus the
 * settings derived from the mesh's own ({@code mesh.db.url} picks the journal's database, profile
 * and driver, and with {@code mesh.db.journal-parallelism} how many journal writes run at once;
 * {@code mesh.cluster.seed-nodes} becomes Pekko's seed nodes).
 */
public final class NodeConfig {

  private static final String DB = "pekko-persistence-jdbc.shared-databases.mesh.";

  /** Where the journal's database connection is configured. */
  public static final String JOURNAL_DB = DB + "db";

  /**
   * WRITE_DELAY=0: a commit reaches the file before it returns, so an acknowledged event survives
   * the process being killed (H2 otherwise batches commits for up to a second).
   * MAX_LENGTH_INPLACE_LOB=4096: events and snapshots up to 4 KiB stay in their row instead of H2's
   * separate LOB maps (above 256 bytes by default), which every commit would write too.
   * DB_CLOSE_ON_EXIT=FALSE: the node closes the database after its last write, not H2's shutdown
   * hook in the middle of the node's shutdown (ADR 0020). REUSE_SPACE=FALSE: every commit is
   * appended at the file's end, where H2 finds it after a crash; one written into freed space in
   * the middle hid the commits after it from the next start (ADR 0020).
   */
  private static final String H2_OPTIONS =
      ";DATABASE_TO_UPPER=false;WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=4096;DB_CLOSE_ON_EXIT=FALSE"
          + ";REUSE_SPACE=FALSE";

  /** Journal writes in flight unless configured (ADR 0009). */
  private static final int H2_JOURNAL_PARALLELISM = 1;

  /** Journal writes in flight unless configured (ADR 0012). */
  private static final int POSTGRES_JOURNAL_PARALLELISM = 2;

  private NodeConfig() {}

  /** The configuration of a node; {@code overrides} win over everything else. */
  public static Config load(Config overrides) {
    Config base =
        ConfigFactory.load(
            overrides.withFallback(ConfigFactory.parseResourcesAnySyntax("application")));
    Map<String, Object> derived = new HashMap<>();
    String url = base.getString("mesh.db.url");
    int parallelism = base.getInt("mesh.db.journal-parallelism");
    if (parallelism < 0) {
      throw new IllegalArgumentException(
          "mesh.db.journal-parallelism must be 0 (by database) or more, not " + parallelism);
    }
    if (usesEmbeddedH2(base)) {
      parallelism = parallelism == 0 ? H2_JOURNAL_PARALLELISM : parallelism;
      Path file = dataDir(base).resolve("mesh");
      derived.put(DB + "db.url", "jdbc:h2:file:" + file + H2_OPTIONS);
      derived.put(DB + "profile", "slick.jdbc.H2Profile$");
      derived.put(DB + "db.driver", "org.h2.Driver");
    } else if (url.startsWith("jdbc:postgresql:")) {
      parallelism = parallelism == 0 ? POSTGRES_JOURNAL_PARALLELISM : parallelism;
      derived.put(DB + "db.url", url);
      derived.put(DB + "profile", "slick.jdbc.PostgresProfile$");
      derived.put(DB + "db.driver", "org.postgresql.Driver");
    } else {
      throw new IllegalArgumentException(
          "MESH_DB_URL must be empty (embedded H2) or a jdbc:postgresql: URL, not " + url);
    }
    derived.put("jdbc-journal.parallelism", parallelism);
    String seeds = base.getString("mesh.cluster.seed-nodes").trim();
    if (!seeds.isEmpty()) {
      List<String> seedNodes = Arrays.stream(seeds.split(",")).map(String::trim).toList();
      derived.put("pekko.cluster.seed-nodes", seedNodes);
    }
    return ConfigFactory.parseMap(derived).withFallback(base);
  }

  /**
   * The journal's database, as {@link #load} derived it: the one description the node hands to the
   * journal's schema and to the stores beside the journal.
   */
  public static Database database(Config config) {
    return Database.fromConfig(config.getConfig(JOURNAL_DB));
  }

  /** True when the journal is the embedded H2 database under the data directory. */
  public static boolean usesEmbeddedH2(Config config) {
    return config.getString("mesh.db.url").isEmpty();
  }

  /** The directory for embedded state, absolute. */
  public static Path dataDir(Config config) {
    return Path.of(config.getString("mesh.data-dir")).toAbsolutePath().normalize();
  }

  /** True when the node runs without a seed list and joins itself. */
  public static boolean joinsItself(Config config) {
    return config.getString("mesh.cluster.seed-nodes").isBlank();
  }
}
