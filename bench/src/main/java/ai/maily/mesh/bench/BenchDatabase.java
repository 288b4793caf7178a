package ai.maily.mesh.bench;

import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.node.NodeConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The database a benchmark writes to: an H2 file in a fresh directory, or PostgreSQL on loopback.
 * Whatever it creates (the directory, a scratch database) is removed on {@link #close()}.
 */
final class BenchDatabase implements AutoCloseable {

  /** The two databases the journal supports. */
  enum Engine {
    H2,
    POSTGRES;

    static Engine named(String name) {
      return switch (name) {
        case "h2" -> H2;
        case "postgres" -> POSTGRES;
        default -> throw new IllegalArgumentException("--db must be h2 or postgres, not " + name);
      };
    }
  }

  private static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String POSTGRES_SHARED_DATABASE = "test";
  private static final String POSTGRES_USER = "postgres";

  private final Engine engine;
  private final String url;
  private final String user;
  private final Path h2Directory;
  private final String scratchDatabase;

  private BenchDatabase(
      Engine engine, String url, String user, Path h2Directory, String scratchDatabase) {
    this.engine = engine;
    this.url = url;
    this.user = user;
    this.h2Directory = h2Directory;
    this.scratchDatabase = scratchDatabase;
  }

  /**
   * An H2 file database in a new temporary directory, with the URL (and so the options) that a node
   * whose data directory it is would use.
   */
  static BenchDatabase freshH2() {
    try {
      Path directory = Files.createTempDirectory("mesh-bench-").toAbsolutePath().normalize();
      Database db =
          NodeConfig.database(
              NodeConfig.load(
                  ConfigFactory.parseMap(Map.of("mesh.data-dir", directory.toString()))));
      return new BenchDatabase(Engine.H2, db.url(), db.user(), directory, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new database on the local PostgreSQL server, dropped on close. The node's journal gets one of
   * its own because the shared {@code test} database holds other nodes' unfinished tasks, which a
   * node would resume (and they ours), and because its statistics then count only the mesh.
   */
  static BenchDatabase scratchPostgres() throws SQLException {
    String name = "mesh_bench_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection admin = connect(POSTGRES_SERVER + POSTGRES_SHARED_DATABASE);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return new BenchDatabase(Engine.POSTGRES, POSTGRES_SERVER + name, POSTGRES_USER, null, name);
  }

  /** The shared {@code test} database on the local PostgreSQL server. */
  static BenchDatabase sharedPostgres() {
    return new BenchDatabase(
        Engine.POSTGRES, POSTGRES_SERVER + POSTGRES_SHARED_DATABASE, POSTGRES_USER, null, null);
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, POSTGRES_USER, "");
  }

  Engine engine() {
    return engine;
  }

  /** The database as the mesh's stores open it. */
  Database database() {
    return Database.at(url, user, "");
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  /** The node settings that put its journal in this database. */
  Config nodeOverrides() {
    return switch (engine) {
      case H2 -> ConfigFactory.parseMap(Map.of("mesh.data-dir", h2Directory.toString()));
      case POSTGRES ->
          ConfigFactory.parseMap(Map.of("mesh.db.url", url, NodeConfig.JOURNAL_DB + ".user", user));
    };
  }

  /** The report line that names the database: product, version and URL. */
  String describe() throws SQLException {
    return "- database: " + version() + ", `" + url + "`\n";
  }

  /** Product and version, as the driver reports them. */
  String version() throws SQLException {
    try (Connection connection = connect()) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDatabaseProductName()
          + " "
          + meta.getDatabaseProductVersion()
          + " (driver "
          + meta.getDriverVersion()
          + ")";
    }
  }

  @Override
  public void close() throws SQLException {
    if (scratchDatabase != null) {
      try (Connection admin = connect(POSTGRES_SERVER + POSTGRES_SHARED_DATABASE);
          Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + scratchDatabase + " WITH (FORCE)");
      }
    }
    if (h2Directory != null) {
      try (Stream<Path> files = Files.walk(h2Directory)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
