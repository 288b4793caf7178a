package ai.maily.mesh.core;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real services some tests need (PostgreSQL, Redis, RabbitMQ), on their standard local ports,
 * and the programs some drive (Chromium, Node). Without one, a test is skipped with the reason
 * printed; under {@code CI=true} it fails instead, so CI never passes by skipping.
 */
public final class LocalServices {

  private static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";

  /** The local PostgreSQL's {@code test} database, which every test may use. */
  public static final String POSTGRES_URL = postgresUrl("test");

  /** The user of {@link #POSTGRES_URL}: trust authentication, no password. */
  public static final String POSTGRES_USER = "postgres";

  /** The local Redis, which every test may use (with keys of its own). */
  public static final URI REDIS_URI = URI.create("redis://127.0.0.1:6379");

  /** The local RabbitMQ, which every test may use (with exchanges and queues of its own). */
  public static final URI RABBITMQ_URI = URI.create("amqp://guest:guest@127.0.0.1:5672");

  /** The Redis server program, for tests that start (and stop) a Redis of their own. */
  public static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

  /** The Chromium the browser tests drive: the Debian package's, never a downloaded one. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private LocalServices() {}

  /** Skips (or, in CI, fails) the calling test unless {@link #CHROMIUM} is installed. */
  public static void requireChromium() {
    if (!Files.isExecutable(CHROMIUM)) {
      unavailable(CHROMIUM + " is missing: install the package chromium");
    }
  }

  /**
   * The {@code node} executable on the PATH, which runs the web UI's JavaScript unit tests; skips
   * (or, in CI, fails) the calling test when there is none.
   */
  public static Path requireNode() {
    Optional<Path> node =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "node"))
            .filter(Files::isExecutable)
            .findFirst();
    if (node.isEmpty()) {
      unavailable("no node executable on the PATH: install the package nodejs (18 or newer)");
    }
    return node.orElseThrow();
  }

  /** Skips (or, in CI, fails) the calling test unless PostgreSQL answers. */
  public static void requirePostgres() {
    try (Connection connection = postgres()) {
      if (!connection.isValid(3)) {
        unavailable("PostgreSQL at " + POSTGRES_URL + " does not answer");
      }
    } catch (SQLException e) {
      unavailable("PostgreSQL at " + POSTGRES_URL + " is not reachable: " + e.getMessage());
    }
  }

  /** Skips (or, in CI, fails) the calling test unless Redis answers at {@link #REDIS_URI}. */
  public static void requireRedis() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(REDIS_URI.getHost(), REDIS_URI.getPort()), 3000);
      socket.setSoTimeout(3000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] reply = socket.getInputStream().readNBytes(7);
      if (!"+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII))) {
        unavailable("Redis at " + REDIS_URI + " does not answer PING");
      }
    } catch (IOException e) {
      unavailable("Redis at " + REDIS_URI + " is not reachable: " + e.getMessage());
    }
  }

  /**
   * Skips (or, in CI, fails) the calling test unless RabbitMQ answers the AMQP 0-9-1 protocol
   * header at {@link #RABBITMQ_URI} with a method frame (its {@code connection.start}).
   */
  public static void requireRabbitMq() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(RABBITMQ_URI.getHost(), RABBITMQ_URI.getPort()), 3000);
      socket.setSoTimeout(3000);
      socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
      int frameType = socket.getInputStream().read();
      if (frameType != 1) {
        unavailable("RabbitMQ at " + RABBITMQ_URI + " does not answer AMQP 0-9-1");
      }
    } catch (IOException e) {
      unavailable("RabbitMQ at " + RABBITMQ_URI + " is not reachable: " + e.getMessage());
    }
  }

  /** Skips (or, in CI, fails) the calling test unless {@link #REDIS_SERVER} is installed. */
  public static void requireRedisServer() {
    if (!Files.isExecutable(REDIS_SERVER)) {
      unavailable(REDIS_SERVER + " is missing: install the package redis-server");
    }
  }

  /** The URL of {@code database} on the local PostgreSQL server. */
  public static String postgresUrl(String database) {
    return POSTGRES_SERVER + database;
  }

  /** A connection to {@link #POSTGRES_URL}. */
  public static Connection postgres() throws SQLException {
    DriverManager.setLoginTimeout(3);
    return DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
  }

  /**
   * Creates an empty schema in the {@code test} database, named {@code prefix} and a random suffix
   * so that test runs at the same time never share one, and returns its name.
   */
  public static String createPostgresSchema(String prefix) throws SQLException {
    String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  /** The URL of the {@code test} database with {@code schema} as the schema it works in. */
  public static String postgresUrlInSchema(String schema) {
    return POSTGRES_URL + "?currentSchema=" + schema;
  }

  /** Drops {@code schema} and everything in it. */
  public static void dropPostgresSchema(String schema) throws SQLException {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = postgres();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void unavailable(String reason) {
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + " (CI=true: a missing service fails the build)");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }
}
