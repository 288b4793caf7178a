package ai.maily.mesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.jdbc.Database.Engine;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {

  private static final String DB = "pekko-persistence-jdbc.shared-databases.mesh.";

  private static Config load(Map<String, Object> settings) {
    Map<String, Object> all = new HashMap<>(settings);
    all.putIfAbsent("mesh.data-dir", "/var/lib/mesh");
    return NodeConfig.load(ConfigFactory.parseMap(all));
  }

  @Test
  void embeddedNodeWritesH2UnderTheDataDirOneJournalBatchAtATime() {
    Config config = load(Map.of());

    assertEquals(
        "jdbc:h2:file:/var/lib/mesh/mesh;DATABASE_TO_UPPER=false;WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=4096"
            + ";DB_CLOSE_ON_EXIT=FALSE;REUSE_SPACE=FALSE",
        config.getString(DB + "db.url"));
    assertEquals("slick.jdbc.H2Profile$", config.getString(DB + "profile"));
    assertEquals(1, config.getInt("jdbc-journal.parallelism"));
    assertTrue(NodeConfig.usesEmbeddedH2(config));
  }

  @Test
  void postgresUrlSwitchesProfileAndDriverAndWritesInParallel() {
    Config config = load(Map.of("mesh.db.url", "jdbc:postgresql://db:5432/mesh"));

    assertEquals("jdbc:postgresql://db:5432/mesh", config.getString(DB + "db.url"));
    assertEquals("slick.jdbc.PostgresProfile$", config.getString(DB + "profile"));
    assertEquals("org.postgresql.Driver", config.getString(DB + "db.driver"));
    assertEquals(2, config.getInt("jdbc-journal.parallelism"));
    assertFalse(NodeConfig.usesEmbeddedH2(config));
  }

  @Test
  void describesTheJournalsDatabaseAsItsPluginConnectsToIt() {
    Config config =
        load(
            Map.of(
                "mesh.db.url",
                "jdbc:postgresql://db:5432/mesh",
                DB + "db.user",
                "mesh-writer",
                DB + "db.password",
                "s3cret"));

    assertEquals(
        new Database(Engine.POSTGRESQL, "jdbc:postgresql://db:5432/mesh", "mesh-writer", "s3cret"),
        NodeConfig.database(config));
    Database embedded = NodeConfig.database(load(Map.of()));
    assertEquals(Engine.H2, embedded.engine());
    assertEquals(load(Map.of()).getString(DB + "db.url"), embedded.url());
  }

  @Test
  void anExplicitJournalParallelismWinsOnEitherDatabase() {
    assertEquals(
        3, load(Map.of("mesh.db.journal-parallelism", 3)).getInt("jdbc-journal.parallelism"));
    assertEquals(
        8,
        load(Map.of("mesh.db.url", "jdbc:postgresql://db/mesh", "mesh.db.journal-parallelism", 8))
            .getInt("jdbc-journal.parallelism"));
  }

  @Test
  void rejectsANegativeJournalParallelismAndAnotherDatabase() {
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> load(Map.of("mesh.db.journal-parallelism", -1)));
    assertTrue(
        negative.getMessage().contains("mesh.db.journal-parallelism"), negative.getMessage());

    IllegalArgumentException mysql =
        assertThrows(
            IllegalArgumentException.class,
            () -> load(Map.of("mesh.db.url", "jdbc:mysql://db/mesh")));
    assertTrue(mysql.getMessage().contains("jdbc:mysql://db/mesh"), mysql.getMessage());
  }

  @Test
  void seedNodesBecomePekkoSeedNodes() {
    Config config =
        load(
            Map.of(
                "mesh.cluster.seed-nodes",
                "pekko://maily-mesh@10.0.0.1:25520, pekko://maily-mesh@10.0.0.2:25520"));

    assertEquals(
        List.of("pekko://maily-mesh@10.0.0.1:25520", "pekko://maily-mesh@10.0.0.2:25520"),
        config.getStringList("pekko.cluster.seed-nodes"));
    assertFalse(NodeConfig.joinsItself(config));
  }
}
