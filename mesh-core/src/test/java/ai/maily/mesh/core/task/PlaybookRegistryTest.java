package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

final class PlaybookRegistryTest {

  private static final TaskLimits LIMITS =
      new TaskLimits(64, 10, Duration.ofMinutes(10), 256 * 1024, Duration.ofSeconds(30), 3);

  private static final Predicate<String> KNOWN_AGENTS = Set.of("x", "y")::contains;

  private static PlaybookRegistry registry(String hocon) {
    return PlaybookRegistry.fromConfig(ConfigFactory.parseString(hocon), KNOWN_AGENTS, LIMITS);
  }

  @Test
  void readsPlaybooksFromConfig() {
    PlaybookRegistry registry =
        registry(
            """
            mesh.playbooks {
              email-check {
                description = "Checks an email"
                plan.steps = [
                  { id = a, agent = x },
                  { id = ok, kind = approval, dependsOn = [a] },
                  { id = b, agent = y, dependsOn = [ok], optional = true, timeoutMs = 5000, maxAttempts = 2 }
                ]
              }
            }
            """);

    assertThat(registry.find("email-check"))
        .contains(
            new Playbook(
                "email-check",
                "Checks an email",
                new Plan(
                    List.of(
                        Step.agent("a", "x", List.of(), 30_000, 3),
                        Step.approval("ok", List.of("a")),
                        Step.agent("b", "y", List.of("ok"), 5_000, 2).asOptional()))));
  }

  @Test
  void listsPlaybooksByName() {
    PlaybookRegistry registry =
        registry(
            """
            mesh.playbooks {
              zeta { description = "last", plan.steps = [ { id = a, agent = x } ] }
              alpha { description = "first", plan.steps = [ { id = a, agent = y } ] }
              "with.dot" { description = "dotted", plan.steps = [ { id = a, agent = x } ] }
            }
            """);

    assertThat(registry.all())
        .extracting(Playbook::name)
        .containsExactly("alpha", "with.dot", "zeta");
    assertThat(registry.find("with.dot")).map(Playbook::description).contains("dotted");
  }

  @Test
  void findsNothingForAnUnknownName() {
    assertThat(
            registry(
                    "mesh.playbooks { a { description = d, plan.steps = [ { id = a, agent = x } ] } }")
                .find("b"))
        .isEmpty();
  }

  @Test
  void offersNoPlaybooksWhenNoneAreConfigured() {
    assertThat(registry("").all()).isEmpty();
  }

  @Test
  void rejectsAPlaybookNamingAnUnknownAgentAndNamesThePlaybook() {
    assertThatThrownBy(
            () ->
                registry(
                    """
                    mesh.playbooks {
                      good { description = "fine", plan.steps = [ { id = a, agent = x } ] }
                      haunted { description = "broken", plan.steps = [ { id = a, agent = ghost } ] }
                    }
                    """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("playbook 'haunted'")
        .hasMessageContaining("unknown agent 'ghost'")
        .hasMessageNotContaining("playbook 'good'");
  }

  @Test
  void namesEveryBrokenPlaybookAtOnce() {
    assertThatThrownBy(
            () ->
                registry(
                    """
                    mesh.playbooks {
                      cyclic {
                        description = "loops"
                        plan.steps = [ { id = a, agent = x, dependsOn = [b] }, { id = b, agent = x, dependsOn = [a] } ]
                      }
                      misshapen { description = "typo", plan.steps = [ { id = a, agent = x, retries = 2 } ] }
                    }
                    """))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("playbook 'cyclic'")
        .hasMessageContaining("the plan has a cycle")
        .hasMessageContaining("playbook 'misshapen'")
        .hasMessageContaining("plan.steps[0].retries");
  }
}
