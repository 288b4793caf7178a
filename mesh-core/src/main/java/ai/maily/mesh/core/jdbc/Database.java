package ai.maily.mesh.core.jdbc;

import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.Objects;

/**
 * A database the mesh keeps state in: its engine, JDBC URL and credentials. The node describes its
 * journal's database once, and the stores beside the journal (task recovery, trust log) open their
 * own pools on it from this value instead of reading the journal plugin's settings.
 */
public record Database(Engine engine, String url, String user, String password) {

  /** The engines the mesh's SQL is written for. */
  public enum Engine {
    H2("jdbc:h2:"),
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    Engine(String urlPrefix) {
      this.urlPrefix = urlPrefix;
    }

    /**
     * The engine a JDBC URL names.
     *
     * @throws IllegalArgumentException for a URL of any other engine
     */
    public static Engine of(String url) {
      return Arrays.stream(values())
          .filter(engine -> url.startsWith(engine.urlPrefix))
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("not a jdbc:h2: or jdbc:postgresql: URL: " + url));
    }
  }

  public Database {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (engine != Engine.of(url)) {
      throw new IllegalArgumentException(url + " is not a " + engine + " URL");
    }
  }

  /**
   * The database at {@code url}, its engine read from the URL.
   *
   * @throws IllegalArgumentException if the URL is neither H2's nor PostgreSQL's
   */
  public static Database at(String url, String user, String password) {
    return new Database(Engine.of(url), url, user, password);
  }

  /**
   * The database a block of settings names with {@code url}, {@code user} and {@code password}, as
   * both the journal plugin's {@code db} block and {@code mesh.trust.db} do.
   */
  public static Database fromConfig(Config config) {
    return at(config.getString("url"), config.getString("user"), config.getString("password"));
  }

  /** Names the database without its password, which must not reach a log. */
  @Override
  public String toString() {
    return "Database[" + engine + " " + url + " as " + user + "]";
  }
}
