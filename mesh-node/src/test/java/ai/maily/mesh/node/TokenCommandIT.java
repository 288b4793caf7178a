package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged jar's {@code token} command mints tokens a node with the same data dir accepts. */
class TokenCommandIT {

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Run(int exit, String stdout, String stderr) {}

  private static Run token(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                NodeProcess.java(), "-jar", NodeProcess.JAR.toAbsolutePath().toString(), "token"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MESH_DATA_DIR", node.dataDir.toString());
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), stdout.trim(), stderr);
  }

  @Test
  void mintsATokenWithTheRequestedTenantAndRoles() throws Exception {
    Run run = token("--tenant", "acme", "--roles", "viewer");

    assertThat(run.exit()).as(run.stderr()).isZero();
    assertThat(node.get("/playbooks", run.stdout()).statusCode()).isEqualTo(200);
    assertThat(
            node.post(
                    "/tasks",
                    run.stdout(),
                    RestApiIT.submitBody("\"playbook\": \"email-check\"", ""))
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void refusesUnknownRolesAndInvalidTenants() throws Exception {
    Run badRole = token("--roles", "superuser");
    Run badTenant = token("--tenant", "no spaces");

    assertThat(badRole.exit()).isNotZero();
    assertThat(badRole.stderr()).contains("superuser");
    assertThat(badTenant.exit()).isNotZero();
    assertThat(badTenant.stderr()).contains("--tenant");
  }
}
