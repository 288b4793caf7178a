package ai.maily.mesh.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.jdbc.Database.Engine;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTest {

  @Test
  void readsTheEngineFromTheUrl() {
    assertThat(Database.at("jdbc:h2:file:/tmp/mesh;WRITE_DELAY=0", "mesh", "").engine())
        .isEqualTo(Engine.H2);
    assertThat(Database.at("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "").engine())
        .isEqualTo(Engine.POSTGRESQL);
  }

  @Test
  void refusesAUrlOfAnotherEngine() {
    assertThatThrownBy(() -> Database.at("jdbc:mysql://db/mesh", "mesh", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://db/mesh");
    assertThatThrownBy(() -> new Database(Engine.H2, "jdbc:postgresql://db/mesh", "mesh", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsUrlUserAndPasswordFromASettingsBlock() {
    Database database =
        Database.fromConfig(
            ConfigFactory.parseMap(
                Map.of("url", "jdbc:postgresql://db/mesh", "user", "mesh", "password", "s3cret")));

    assertThat(database)
        .isEqualTo(new Database(Engine.POSTGRESQL, "jdbc:postgresql://db/mesh", "mesh", "s3cret"));
  }

  @Test
  void keepsThePasswordOutOfItsDescription() {
    assertThat(Database.at("jdbc:postgresql://db/mesh", "mesh", "s3cret").toString())
        .contains("jdbc:postgresql://db/mesh", "mesh")
        .doesNotContain("s3cret");
  }
}
