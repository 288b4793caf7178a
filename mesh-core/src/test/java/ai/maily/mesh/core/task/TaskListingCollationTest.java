package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where the database orders strings linguistically, a tenant's tasks are not together in the
 * journal's index, and the listing refuses rather than scan the journal. H2 stands in for such a
 * database with its English collation.
 */
class TaskListingCollationTest {

  @Test
  void refusesToListWhereTheDatabaseOrdersStringsLinguistically() throws SQLException {
    String url = TestJournal.newH2();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("SET COLLATION ENGLISH STRENGTH PRIMARY");
      try (TaskListing linguistic =
          TaskListing.open(Database.at(url, "sa", ""), TestJournal.PREFIX)) {
        assertThatThrownBy(() -> linguistic.page("acme", Optional.empty(), 10))
            .isInstanceOfSatisfying(
                ProblemException.class,
                e -> assertThat(e.problem().type()).isEqualTo(ProblemType.UNAVAILABLE));
      }
    }
  }
}
