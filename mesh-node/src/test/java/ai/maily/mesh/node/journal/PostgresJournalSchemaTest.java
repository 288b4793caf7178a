package ai.maily.mesh.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresJournalSchemaTest {

  /** The journal plugin's own script, in its jar. */
  static final String BUNDLED = "/schema/postgres/postgres-create-schema.sql";

  @Test
  void everyStatementCreatesOnlyWhatIsMissing() {
    assertThat(PostgresJournalSchema.statements(PostgresJournalSchema.RESOURCE))
        .hasSize(7)
        .allSatisfy(
            ddl ->
                assertThat(ddl).containsPattern("^CREATE (UNIQUE )?(TABLE|INDEX) IF NOT EXISTS "));
  }

  @Test
  void createsWhatThePluginsBundledScriptCreates() {
    assertThat(withoutIdempotence(PostgresJournalSchema.statements(PostgresJournalSchema.RESOURCE)))
        .isEqualTo(withoutIdempotence(PostgresJournalSchema.statements(BUNDLED)));
  }

  /** The statements with what makes them safe to repeat taken out, as the bundled script has it. */
  private static List<String> withoutIdempotence(List<String> statements) {
    return statements.stream()
        .map(ddl -> ddl.replace(" IF NOT EXISTS", "").replace("INDEX CONCURRENTLY", "INDEX"))
        .toList();
  }
}
