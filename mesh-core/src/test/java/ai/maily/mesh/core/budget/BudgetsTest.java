package ai.maily.mesh.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.ManualClock;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.problem.ProblemType;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The client other code calls around a language-model call, against a real ledger. */
class BudgetsTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final BudgetSettings SETTINGS =
      BudgetSettings.fromConfig(
          ConfigFactory.parseString(
                  """
                  mesh.ai.budget {
                    task { tokens = 3000, cost = unlimited }
                    prices.default { prompt = 0.01, completion = 0.03 }
                  }
                  """)
              .withFallback(ConfigFactory.defaultReference()));

  private final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final ActorRef<BudgetLedger.Command> ledger =
      testKit.spawn(
          BudgetLedger.create(
              tenant, SETTINGS, new ManualClock(Instant.parse("2026-11-25T10:00:00Z"))));
  private final Budgets budgets =
      new Budgets(testKit.system(), t -> ledger, SETTINGS, Duration.ofSeconds(3));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The failure {@code stage} completes with. */
  private static Throwable failureOf(CompletionStage<?> stage) {
    return assertThatThrownBy(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .actual()
        .getCause();
  }

  @Test
  void reservesSettlesAndShowsTheUse() throws Exception {
    Reservation reservation = await(budgets.reserve(tenant, "t1", "r1", "gpt", 1000, 500));
    Usage used = await(budgets.settle(reservation, 900, 700));

    // 900 x 0.01 + 700 x 0.03 per 1,000 = 0.03
    assertThat(used).isEqualTo(new Usage(1600, 30_000));
    assertThat(await(budgets.settle(reservation, 900, 700))).isEqualTo(used);
    BudgetView view = await(budgets.view(tenant, List.of("t1")));
    assertThat(view.tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 1600, 0, 1400L));
    assertThat(view.tenant().cost().used()).isEqualByComparingTo("0.03");
  }

  @Test
  void aCallThatWouldCrossTheBudgetFailsWithANonRetryableBudgetExceeded() throws Exception {
    await(budgets.reserve(tenant, "t1", "r1", "gpt", 1000, 1000));

    Throwable failure = failureOf(budgets.reserve(tenant, "t1", "r2", "gpt", 1000, 1000));

    assertThat(failure).isInstanceOf(AgentFailure.class);
    AgentFailure refused = (AgentFailure) failure;
    assertThat(refused.retryable()).isFalse();
    assertThat(refused.problem()).contains(ProblemType.BUDGET_EXCEEDED);
    assertThat(refused.getMessage()).contains("task t1 has 1000 tokens");
  }

  @Test
  void aReleasedReservationHoldsNothingAndAMalformedReserveIsInvalidInput() throws Exception {
    Reservation reservation = await(budgets.reserve(tenant, "t1", "r1", "gpt", 1000, 1000));
    assertThat(await(budgets.release(reservation))).isEqualTo(Usage.NONE);
    assertThat(await(budgets.view(tenant, List.of("t1"))).tasks().get("t1").tokens().reserved())
        .isZero();

    Throwable invalid = failureOf(budgets.reserve(tenant, "t1", "r2", "gpt", 10, 0));
    assertThat(invalid).isInstanceOf(AgentFailure.class);
    assertThat(((AgentFailure) invalid).retryable()).isFalse();
    assertThat(((AgentFailure) invalid).problem()).isEmpty();
  }

  @Test
  void aLedgerThatDoesNotAnswerFailsAReserveAsRetryableAndASettleAfterAFewTries() {
    TestProbe<BudgetLedger.Command> silent = testKit.createTestProbe();
    Budgets unanswered =
        new Budgets(testKit.system(), t -> silent.ref(), SETTINGS, Duration.ofMillis(100));

    Throwable reserve = failureOf(unanswered.reserve(tenant, "t1", "r1", "gpt", 10, 10));
    assertThat(reserve).isInstanceOf(AgentFailure.class);
    assertThat(((AgentFailure) reserve).retryable()).isTrue();
    assertThat(reserve.getMessage()).contains("did not answer");
    silent.expectMessageClass(BudgetLedger.Reserve.class);

    Reservation reservation =
        new Reservation(
            "r1", tenant, "t1", "gpt", 10, 10, 1, Instant.parse("2026-11-25T10:00:00Z"));
    Throwable settle = failureOf(unanswered.settle(reservation, 5, 5));
    assertThat(((AgentFailure) settle).retryable()).isTrue();
    for (int i = 0; i < 3; i++) {
      silent.expectMessageClass(BudgetLedger.Settle.class);
    }
    silent.expectNoMessage(Duration.ofMillis(300));
  }
}
