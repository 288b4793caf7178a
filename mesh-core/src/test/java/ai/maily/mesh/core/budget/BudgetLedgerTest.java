package ai.maily.mesh.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.ManualClock;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.budget.BudgetLedger.Expired;
import ai.maily.mesh.core.budget.BudgetLedger.Granted;
import ai.maily.mesh.core.budget.BudgetLedger.LedgerReply;
import ai.maily.mesh.core.budget.BudgetLedger.Recorded;
import ai.maily.mesh.core.budget.BudgetLedger.Refused;
import ai.maily.mesh.core.budget.BudgetLedger.Reserved;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  // Tenant: 10,000 tokens or 1.00 a month; task: 3,000 tokens or 0.10. The default model costs
  // 0.01 per 1,000 prompt tokens and 0.03 per 1,000 completion tokens; "pricey" ten times that.
  private static final BudgetSettings SETTINGS =
      BudgetSettings.fromConfig(
          ConfigFactory.parseString(
                  """
                  mesh.ai.budget {
                    tenant { tokens = 10000, cost = 1.00 }
                    task { tokens = 3000, cost = 0.10 }
                    prices {
                      default { prompt = 0.01, completion = 0.03 }
                      models { pricey { prompt = 0.1, completion = 0.3 } }
                    }
                    reservation-timeout = 1m
                    ledger { dedup-window = 3, tasks-kept = 2 }
                  }
                  """)
              .withFallback(ConfigFactory.defaultReference()));

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
  private String tenant;
  private EventSourcedBehaviorTestKit<BudgetLedger.Command, BudgetLedger.Event, LedgerState> kit;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(), BudgetLedger.create(tenant, SETTINGS, clock));
  }

  private CommandResultWithReply<BudgetLedger.Command, BudgetLedger.Event, LedgerState, LedgerReply>
      reserve(String taskId, String requestId, long prompt, long completion) {
    return reserve(taskId, requestId, "gpt", prompt, completion);
  }

  private CommandResultWithReply<BudgetLedger.Command, BudgetLedger.Event, LedgerState, LedgerReply>
      reserve(String taskId, String requestId, String model, long prompt, long completion) {
    return kit.runCommand(
        r -> new BudgetLedger.Reserve(taskId, requestId, model, prompt, completion, r));
  }

  private Reservation granted(String taskId, String requestId, long prompt, long completion) {
    LedgerReply reply = reserve(taskId, requestId, prompt, completion).reply();
    assertThat(reply).isInstanceOf(Granted.class);
    return ((Granted) reply).reservation();
  }

  private CommandResultWithReply<BudgetLedger.Command, BudgetLedger.Event, LedgerState, LedgerReply>
      settle(Reservation reservation, long prompt, long completion) {
    return kit.runCommand(r -> new BudgetLedger.Settle(reservation, prompt, completion, r));
  }

  private CommandResultWithReply<BudgetLedger.Command, BudgetLedger.Event, LedgerState, LedgerReply>
      release(Reservation reservation) {
    return kit.runCommand(r -> new BudgetLedger.Release(reservation, r));
  }

  private BudgetView view(String... taskIds) {
    return kit.<BudgetView>runCommand(r -> new BudgetLedger.GetBudget(List.of(taskIds), r)).reply();
  }

  private static Rejection refusal(LedgerReply reply) {
    assertThat(reply).isInstanceOf(Refused.class);
    return ((Refused) reply).rejection();
  }

  @Test
  void aReservationHoldsItsEstimateAgainstTheTaskAndTheTenant() {
    Reservation reservation = granted("t1", "r1", 500, 500);

    // 500 x 0.01 + 500 x 0.03 per 1,000 = 0.02
    assertThat(reservation.estimate()).isEqualTo(new Usage(1000, 20_000));
    assertThat(reservation.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    BudgetView view = view("t1", "t2");
    assertThat(view.tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 0, 1000, 2000L));
    assertThat(view.tasks().get("t1").cost())
        .isEqualTo(
            new CostMeter(
                new BigDecimal("0.100000"),
                new BigDecimal("0.000000"),
                new BigDecimal("0.020000"),
                new BigDecimal("0.080000")));
    assertThat(view.tasks().get("t2").tokens()).isEqualTo(new Meter(3000L, 0, 0, 3000L));
    assertThat(view.tenant().tokens()).isEqualTo(new Meter(10_000L, 0, 1000, 9000L));
    assertThat(view.tenant().openReservations()).isEqualTo(1);
    assertThat(view.tenant().period()).isEqualTo("2026-11");
    assertThat(view.tenant().taskLimit())
        .isEqualTo(new TenantBudget.TaskLimit(3000L, new BigDecimal("0.100000")));
  }

  @Test
  void aCallThatWouldCrossTheTasksBudgetIsRefusedAndNothingIsWritten() {
    granted("t1", "r1", 500, 500);

    var refused = reserve("t1", "r2", 1000, 1500);

    assertThat(refused.hasNoEvents()).isTrue();
    Rejection rejection = refusal(refused.reply());
    assertThat(rejection.type()).isEqualTo(ProblemType.BUDGET_EXCEEDED);
    assertThat(rejection.detail())
        .contains("2500 tokens", "the budget of task t1 has 2000 tokens and 0.080000 USD left");
    assertThat(view("t1").tasks().get("t1").tokens().reserved()).isEqualTo(1000);
    // What fits is still granted.
    granted("t1", "r3", 1000, 1000);
  }

  @Test
  void aCallThatWouldCrossTheTenantsBudgetIsRefusedThoughItsTaskHasRoom() {
    granted("t1", "r1", 1500, 1500);
    granted("t2", "r2", 1500, 1500);
    granted("t3", "r3", 1500, 1500);

    Rejection rejection = refusal(reserve("t4", "r4", 1000, 1000).reply());

    assertThat(rejection.type()).isEqualTo(ProblemType.BUDGET_EXCEEDED);
    assertThat(rejection.detail()).contains("the budget of tenant " + tenant, "1000 tokens");
  }

  @Test
  void aCostBudgetRefusesACallOfADearModelWhoseTokensWouldFit() {
    // 100 x 0.1 + 300 x 0.3 per 1,000 = 0.1: the task's whole cost budget, and no more.
    granted("t1", "r1", 100, 200);

    Rejection rejection = refusal(reserve("t1", "r2", "pricey", 100, 300).reply());

    assertThat(rejection.type()).isEqualTo(ProblemType.BUDGET_EXCEEDED);
    assertThat(rejection.detail()).contains("costing 0.100000 USD");
  }

  @Test
  void aCallOutsideATaskCountsOnlyAgainstTheTenant() {
    Reservation reservation = granted("", "r1", 4000, 4000);

    assertThat(view().tenant().tokens().reserved()).isEqualTo(8000);
    assertThat(reservation.taskId()).isEmpty();
  }

  @Test
  void settlingRecordsWhatTheCallUsedEvenBeyondItsEstimate() {
    Reservation reservation = granted("t1", "r1", 500, 500);

    var settled = settle(reservation, 800, 900);

    // 800 x 0.01 + 900 x 0.03 per 1,000 = 0.035
    assertThat(settled.reply()).isEqualTo(new Recorded(new Usage(1700, 35_000)));
    assertThat(settled.events()).hasSize(1);
    BudgetView view = view("t1");
    assertThat(view.tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 1700, 0, 1300L));
    assertThat(view.tenant().tokens()).isEqualTo(new Meter(10_000L, 1700, 0, 8300L));
    assertThat(view.tenant().cost().used()).isEqualByComparingTo("0.035");
    assertThat(view.tenant().openReservations()).isZero();
  }

  @Test
  void aSettleCountsForTheTaskAndModelTheLedgerReservedForNotTheCallersCopy() {
    Reservation reservation = granted("t1", "r1", 500, 500);
    Reservation altered =
        new Reservation("r1", tenant, "t2", "pricey", 500, 500, 0, reservation.expiresAt());

    // Priced at the default model's rates: 100 x 0.01 + 100 x 0.03 per 1,000 = 0.004.
    assertThat(settle(altered, 100, 100).reply()).isEqualTo(new Recorded(new Usage(200, 4000)));
    BudgetView view = view("t1", "t2");
    assertThat(view.tasks().get("t1").tokens().used()).isEqualTo(200);
    assertThat(view.tasks().get("t2").tokens().used()).isZero();
  }

  @Test
  void aRetriedReserveReturnsTheSameReservationAndHoldsItsEstimateOnce() {
    Reservation first = granted("t1", "r1", 500, 500);
    clock.advance(Duration.ofSeconds(5));

    var again = reserve("t1", "r1", 500, 500);

    assertThat(again.reply()).isEqualTo(new Granted(first));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(view("t1").tasks().get("t1").tokens().reserved()).isEqualTo(1000);
  }

  @Test
  void aSettleSentTwiceCountsOnce() {
    Reservation reservation = granted("t1", "r1", 500, 500);
    settle(reservation, 400, 300);

    var again = settle(reservation, 400, 300);

    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply()).isEqualTo(new Recorded(new Usage(700, 13_000)));
    assertThat(view("t1").tasks().get("t1").tokens().used()).isEqualTo(700);
  }

  @Test
  void releasingFreesTheEstimateOnceAndItsRequestIdCannotBeReservedAgain() {
    Reservation reservation = granted("t1", "r1", 500, 500);

    assertThat(release(reservation).reply()).isEqualTo(new Recorded(Usage.NONE));
    var again = release(reservation);

    assertThat(again.hasNoEvents()).isTrue();
    assertThat(view("t1").tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 0, 0, 3000L));
    Rejection reused = refusal(reserve("t1", "r1", 500, 500).reply());
    assertThat(reused.type()).isEqualTo(ProblemType.CONFLICT);
    assertThat(reused.detail()).contains("released", "a new call needs a new request id");
  }

  @Test
  void aReservationNotSettledInTimeExpiresAndItsEstimateCountsAsSpent() {
    Reservation reservation = granted("t1", "r1", 500, 500);
    clock.advance(Duration.ofMinutes(1));

    // Due, and counted as used at once, before its expiry is written.
    assertThat(view("t1").tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 1000, 0, 2000L));
    var expired = kit.runCommand(BudgetLedger.ExpireDue.INSTANCE);

    assertThat(expired.events()).containsExactly(new Expired(List.of("r1"), clock.instant()));
    assertThat(view("t1").tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 1000, 0, 2000L));
    assertThat(view().tenant().openReservations()).isZero();

    // The agent was alive after all: its settle replaces the estimate with what the call used.
    assertThat(settle(reservation, 100, 100).reply()).isEqualTo(new Recorded(new Usage(200, 4000)));
    assertThat(view("t1").tasks().get("t1").tokens()).isEqualTo(new Meter(3000L, 200, 0, 2800L));
  }

  @Test
  void aReleaseAfterTheExpiryGivesTheEstimateBack() {
    Reservation reservation = granted("t1", "r1", 500, 500);
    clock.advance(Duration.ofMinutes(2));
    kit.runCommand(BudgetLedger.ExpireDue.INSTANCE);

    release(reservation);

    assertThat(view("t1").tasks().get("t1").tokens().used()).isZero();
    assertThat(view().tenant().tokens().used()).isZero();
  }

  @Test
  void aReserveAfterAnExpiryWritesTheExpiryFirst() {
    granted("t1", "r1", 1000, 1000);
    clock.advance(Duration.ofMinutes(1));

    var reserved = reserve("t1", "r2", 500, 500);

    assertThat(reserved.events())
        .hasSize(2)
        .first()
        .isEqualTo(new Expired(List.of("r1"), clock.instant()));
    assertThat(reserved.events().get(1)).isInstanceOf(Reserved.class);
    // 2,000 counted as spent and 1,000 reserved: the task has no room for 1,000 more.
    assertThat(refusal(reserve("t1", "r3", 500, 500).reply()).type())
        .isEqualTo(ProblemType.BUDGET_EXCEEDED);
  }

  @Test
  void openReservationsSurviveARestartAndStillCountOnce() {
    Reservation first = granted("t1", "r1", 500, 500);
    granted("t1", "r2", 500, 500);
    BudgetView before = view("t1");

    kit.restart();

    assertThat(view("t1")).isEqualTo(before);
    var retried = reserve("t1", "r1", 500, 500);
    assertThat(retried.reply()).isEqualTo(new Granted(first));
    assertThat(retried.hasNoEvents()).isTrue();
    settle(first, 500, 500);
    assertThat(view("t1").tasks().get("t1").tokens())
        .isEqualTo(new Meter(3000L, 1000, 1000, 1000L));
  }

  @Test
  void aNewPeriodStartsTheTenantsUseFromNothingButNotItsTasks() {
    Reservation reservation = granted("t1", "r1", 1500, 1500);
    settle(reservation, 1500, 1500);
    clock.set(Instant.parse("2026-12-01T00:00:00Z"));

    BudgetView view = view("t1");

    assertThat(view.tenant().period()).isEqualTo("2026-12");
    assertThat(view.tenant().tokens()).isEqualTo(new Meter(10_000L, 0, 0, 10_000L));
    assertThat(view.tasks().get("t1").tokens().remaining()).isZero();
    granted("t2", "r2", 1500, 1500);
    assertThat(view().tenant().tokens().reserved()).isEqualTo(3000);
  }

  @Test
  void theLedgerKeepsTheUseOfItsRecentTasksAndOfThoseWithOpenReservations() {
    Reservation t1 = granted("t1", "r1", 100, 100);
    settle(granted("t2", "r2", 100, 100), 100, 100);
    settle(granted("t3", "r3", 100, 100), 100, 100);

    BudgetView view = view("t1", "t2", "t3");

    // Two tasks are kept: t1 holds an open reservation, t3 is the most recent; t2 is forgotten.
    assertThat(view.tasks().get("t1").tokens().reserved()).isEqualTo(200);
    assertThat(view.tasks().get("t2").tokens().used()).isZero();
    assertThat(view.tasks().get("t3").tokens().used()).isEqualTo(200);
    assertThat(view.tenant().tokens().used()).isEqualTo(400);
    settle(t1, 100, 100);
    assertThat(view("t1").tasks().get("t1").tokens().used()).isEqualTo(200);
  }

  @Test
  void malformedCommandsAreRefusedAndChangeNothing() {
    var noCompletion = reserve("t1", "r1", 500, 0);
    assertThat(noCompletion.hasNoEvents()).isTrue();
    assertThat(refusal(noCompletion.reply()).type()).isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(refusal(reserve("t1", " ", 1, 1).reply()).detail()).contains("request id");
    assertThat(refusal(reserve("t1", "r1", "", 1, 1).reply()).detail()).contains("model");

    Reservation reservation = granted("t1", "r1", 500, 500);
    var negative = settle(reservation, -1, 10);
    assertThat(negative.hasNoEvents()).isTrue();
    assertThat(refusal(negative.reply()).detail()).contains("promptTokens");
    Reservation ofAnother =
        new Reservation("r9", "other", "t1", "gpt", 1, 1, 1, reservation.expiresAt());
    assertThat(refusal(settle(ofAnother, 1, 1).reply()).detail()).contains("of tenant other");
    assertThat(refusal(release(ofAnother).reply()).type()).isEqualTo(ProblemType.INVALID_REQUEST);
  }
}
