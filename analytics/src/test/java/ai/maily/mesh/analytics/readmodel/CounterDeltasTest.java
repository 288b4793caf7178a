package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CounterDeltasTest {

  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:deltas;DATABASE_TO_UPPER=false");
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE t (tenant VARCHAR(16) NOT NULL, hour_of_week INT NOT NULL,"
              + " sends BIGINT NOT NULL, latest BIGINT NOT NULL,"
              + " PRIMARY KEY (tenant, hour_of_week))");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private CounterDeltas deltas() {
    return new CounterDeltas(
        "t", List.of("tenant", "hour_of_week"), List.of("sends", "latest"), Set.of("latest"));
  }

  private List<String> rows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet found = statement.executeQuery("SELECT * FROM t ORDER BY tenant, hour_of_week")) {
      while (found.next()) {
        rows.add(
            found.getString(1)
                + "/"
                + found.getInt(2)
                + " "
                + found.getLong(3)
                + " "
                + found.getLong(4));
      }
    }
    return rows;
  }

  @Test
  void sumsAdditionsPerRowAndKeepsTheLargestOfAMaximum() throws SQLException {
    CounterDeltas batch = deltas();
    batch.add(List.of("acme", 3), "sends", 1);
    batch.add(List.of("acme", 3), "sends", 2);
    batch.max(List.of("acme", 3), "latest", 50);
    batch.max(List.of("acme", 3), "latest", 20);
    batch.add(List.of("globex", 3), "sends", 1);
    assertThat(batch.size()).isEqualTo(2);
    batch.write(connection);
    assertThat(rows()).containsExactly("acme/3 3 50", "globex/3 1 0");
    assertThat(batch.size()).isZero();

    // A later batch adds to the stored rows, inserts new ones, and keeps a maximum's largest.
    batch.add(List.of("acme", 3), "sends", 4);
    batch.max(List.of("acme", 3), "latest", 40);
    batch.add(List.of("acme", 4), "sends", 1);
    batch.write(connection);
    assertThat(rows()).containsExactly("acme/3 7 50", "acme/4 1 0", "globex/3 1 0");
  }

  @Test
  void refusesAnUnknownCounterOrAKeyOfTheWrongShape() {
    CounterDeltas batch = deltas();
    assertThatThrownBy(() -> batch.add(List.of("acme", 3), "opens", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("opens");
    assertThatThrownBy(() -> batch.add(List.of("acme"), "sends", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
