package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  private final TestAgents.Scripted echo = TestAgents.echo("echo");
  private final TestAgents.Scripted invalid =
      TestAgents.failing("invalid", AgentFailure.invalidInput("email.subject is missing"));
  private final TestAgents.Scripted overBudget =
      TestAgents.failing(
          "over-budget",
          AgentFailure.refused(
              ProblemType.BUDGET_EXCEEDED, "the task's budget has 10 tokens left"));
  private final TestAgents.Gated narrow = new TestAgents.Gated("narrow");
  private final TestAgents.Gated gated = new TestAgents.Gated("gated");
  private final TestAgents.Scripted stuck =
      new TestAgents.Scripted("stuck", request -> new CompletableFuture<>());
  private final TestAgents.Scripted tinyWindow = TestAgents.echo("tiny-window");
  // Configured with an acceptance-write delay longer than any test.
  private final TestAgents.Gated unhurried = new TestAgents.Gated("unhurried");
  private final AgentRegistry registry =
      AgentRegistry.of(
          List.of(
              echo,
              invalid,
              overBudget,
              narrow.agent(),
              gated.agent(),
              stuck,
              tinyWindow,
              unhurried.agent()));

  private String tenant;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stopRecordingWrites() {
    PersistenceTestKit.create(testKit.system()).resetPolicy();
  }

  /** This test's slot 0 of {@code agentType}. */
  private String entityId(String agentType) {
    return AgentEntity.entityId(tenant, agentType, 0);
  }

  private EventSourcedBehaviorTestKit<AgentEntity.Command, AgentEntity.Event, AgentEntity.State>
      entity(String agentType) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(), AgentEntity.create(entityId(agentType), registry, testKit.system()));
  }

  /** The entity itself, spawned outside the behaviour test kit. */
  private ActorRef<AgentEntity.Command> spawn(String agentType) {
    return testKit.spawn(AgentEntity.create(entityId(agentType), registry, testKit.system()));
  }

  private AgentRequest request(String id) {
    return new AgentRequest(
        id, tenant, "task-1", "step-1", JsonNodeFactory.instance.objectNode().put("n", id));
  }

  /** How many times the agent was asked to run {@code requestId}. */
  private static long runs(TestAgents.Gated agent, String requestId) {
    return agent.agent().requests().stream().filter(r -> r.requestId().equals(requestId)).count();
  }

  /** The persistence id of this test's slot 0 of {@code agentType}. */
  private String persistenceId(String agentType) {
    return PersistenceId.of(AgentEntity.ENTITY_KEY.name(), entityId(agentType)).id();
  }

  /**
   * Records every write of the events of this test's slot 0 of {@code agentType} as its batch,
   * until the test ends.
   */
  private List<List<Object>> recordWrites(String agentType) {
    String persistenceId = persistenceId(agentType);
    List<List<Object>> writes = new CopyOnWriteArrayList<>();
    PersistenceTestKit.create(testKit.system())
        .withPolicy(
            (id, operation) -> {
              if (id.equals(persistenceId) && operation instanceof WriteEvents write) {
                writes.add(events(write.getBatch()));
              }
              return ProcessingSuccess.getInstance();
            });
    return writes;
  }

  /** The events in journal rows, in order: a batch's, or the row's own event. */
  private static List<Object> events(List<?> rows) {
    return rows.stream()
        .flatMap(
            row ->
                row instanceof AgentEntity.Batch batch ? batch.events().stream() : Stream.of(row))
        .map(Object.class::cast)
        .toList();
  }

  /**
   * Waits until the entity has written the acceptance of {@code requestId}, which it does on its
   * own once the work has run for the acceptance-write delay.
   */
  private void awaitAcceptanceWritten(
      EventSourcedBehaviorTestKit<AgentEntity.Command, AgentEntity.Event, AgentEntity.State> kit,
      String agentType,
      String requestId) {
    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              assertThat(
                      events(kit.persistenceTestKit().persistedInStorage(persistenceId(agentType))))
                  .anySatisfy(
                      event ->
                          assertThat(event)
                              .isInstanceOfSatisfying(
                                  AgentEntity.WorkAccepted.class,
                                  accepted ->
                                      assertThat(accepted.request().requestId())
                                          .isEqualTo(requestId)));
              return null;
            });
  }

  /**
   * The entity's view. Its GetState queues behind the write of anything an earlier command decided,
   * so the view shows what was written.
   */
  private static AgentEntity.AgentView view(
      EventSourcedBehaviorTestKit<AgentEntity.Command, AgentEntity.Event, AgentEntity.State> kit) {
    return kit.<AgentEntity.AgentView>runCommand(AgentEntity.GetState::new).reply();
  }

  @Test
  void runsWorkAndPersistsItsCompletion() {
    var kit = entity("echo");

    var result = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    assertThat(result.reply().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    assertThat(result.reply().output().data().get("n").asText()).isEqualTo("r1");
    assertThat(result.events())
        .singleElement()
        .isInstanceOfSatisfying(
            AgentEntity.WorkCompleted.class,
            completed -> assertThat(completed.requestId()).isEqualTo("r1"));
    var view = view(kit);
    assertThat(view.processed()).isEqualTo(1);
    assertThat(view.status()).isEqualTo("IDLE");
    assertThat(view.lastSummary()).isEqualTo("echo");
    assertThat(view.lastOutput().get("n").asText()).isEqualTo("r1");
  }

  @Test
  void writesOnlyTheOutcomeOfWorkThatEndsWithinTheDelay() {
    List<List<Object>> writes = recordWrites("unhurried");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    var entity = spawn("unhurried");
    unhurried.release("quick");

    entity.tell(new AgentEntity.Perform(request("quick"), probe.ref()));

    assertThat(probe.receiveMessage().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    assertThat(writes)
        .singleElement()
        .satisfies(
            batch ->
                assertThat(batch)
                    .map(Object::getClass)
                    .containsExactly(AgentEntity.WorkCompleted.class));
  }

  @Test
  void keepsTheAcceptanceOfYoungWorkOutOfAnotherRequestsWrite() {
    List<List<Object>> writes = recordWrites("unhurried");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    var entity = spawn("unhurried");
    entity.tell(new AgentEntity.Perform(request("first"), probe.ref()));
    entity.tell(new AgentEntity.Perform(request("second"), probe.ref()));

    unhurried.release("first");
    assertThat(probe.receiveMessage().requestId()).isEqualTo("first");
    unhurried.release("second");
    assertThat(probe.receiveMessage().requestId()).isEqualTo("second");

    assertThat(writes)
        .extracting(batch -> batch.stream().map(Object::getClass).toList())
        .containsExactly(
            List.of(AgentEntity.WorkCompleted.class), List.of(AgentEntity.WorkCompleted.class));
  }

  @Test
  void writesTheAcceptanceOfWorkThatOutlastsTheDelayBeforeItsOutcome() {
    var kit = entity("gated");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    String id = tenant + "-slow";

    kit.runCommand(new AgentEntity.Perform(request(id), probe.ref()));
    awaitAcceptanceWritten(kit, "gated", id);
    gated.release(id);

    assertThat(probe.receiveMessage().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    var written = view(kit);
    assertThat(written.processed()).isEqualTo(1);
    assertThat(runs(gated, id)).isEqualTo(1);
  }

  @Test
  void answersARetriedRequestIdWithTheFirstOutcomeWithoutRunningItAgain() {
    var kit = entity("echo");
    kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    var again = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    assertThat(again.reply().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(echo.calls()).isEqualTo(1);
  }

  @Test
  void aRequestIdArrivingWhileItRunsJoinsTheRunningWork() {
    var kit = entity("gated");
    TestProbe<WorkOutcome> first = testKit.createTestProbe();
    TestProbe<WorkOutcome> second = testKit.createTestProbe();
    String id = tenant + "-join";

    kit.runCommand(new AgentEntity.Perform(request(id), first.ref()));
    awaitAcceptanceWritten(kit, "gated", id);
    var joined = kit.runCommand(new AgentEntity.Perform(request(id), second.ref()));
    gated.release(id);

    assertThat(joined.hasNoEvents()).isTrue();
    assertThat(first.receiveMessage().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    assertThat(second.receiveMessage().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    assertThat(runs(gated, id)).isEqualTo(1);
  }

  @Test
  void aRequestIdArrivingBeforeItsAcceptanceIsWrittenJoinsTheRunningWork() {
    var kit = entity("unhurried");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    String id = tenant + "-early";

    var first = kit.runCommand(new AgentEntity.Perform(request(id), probe.ref()));
    var joined = kit.runCommand(new AgentEntity.Perform(request(id), probe.ref()));
    unhurried.release(id);

    assertThat(first.hasNoEvents()).isTrue();
    assertThat(joined.hasNoEvents()).isTrue();
    assertThat(probe.receiveSeveralMessages(2))
        .extracting(WorkOutcome::status)
        .containsOnly(WorkOutcome.Status.COMPLETED);
    assertThat(runs(unhurried, id)).isEqualTo(1);
  }

  @Test
  void boundsConcurrencyQueuesTheExcessAndRejectsBeyondTheQueue() {
    var kit = entity("narrow");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    String a = tenant + "-a";
    String b = tenant + "-b";

    kit.runCommand(new AgentEntity.Perform(request(a), probe.ref()));
    kit.runCommand(new AgentEntity.Perform(request(b), probe.ref()));
    awaitAcceptanceWritten(kit, "narrow", b);
    var view = view(kit);
    var rejected = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("c"), r));

    assertThat(view.inFlight()).isEqualTo(1);
    assertThat(view.queued()).isEqualTo(1);
    assertThat(rejected.reply().status()).isEqualTo(WorkOutcome.Status.REJECTED);
    assertThat(rejected.reply().retryable()).isTrue();
    assertThat(rejected.reply().error()).contains("overloaded");
    assertThat(rejected.hasNoEvents()).isTrue();
    assertThat(narrow.agent().calls()).isEqualTo(1);

    narrow.release(a);
    assertThat(probe.receiveMessage().requestId()).isEqualTo(a);
    narrow.release(b);
    assertThat(probe.receiveMessage().requestId()).isEqualTo(b);
    assertThat(narrow.agent().calls()).isEqualTo(2);
  }

  @Test
  void restartsInterruptedWorkOnRecoveryAndKeepsItsCounters() {
    var kit = entity("gated");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    String done = tenant + "-done";
    String interrupted = tenant + "-interrupted";
    gated.release(done);
    kit.runCommand(new AgentEntity.Perform(request(done), probe.ref()));
    probe.receiveMessage();
    kit.runCommand(new AgentEntity.Perform(request(interrupted), probe.ref()));
    awaitAcceptanceWritten(kit, "gated", interrupted);

    kit.restart();
    gated.release(interrupted);

    var outcome =
        kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request(interrupted), r));
    assertThat(outcome.reply().status()).isEqualTo(WorkOutcome.Status.COMPLETED);
    var replay = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request(done), r));
    assertThat(replay.hasNoEvents()).isTrue();
    var view = view(kit);
    assertThat(view.processed()).isEqualTo(2);
    assertThat(runs(gated, done)).isEqualTo(1);
  }

  @Test
  void writesWhatArrivesDuringAWriteInOneBatch() {
    List<List<Object>> writes = recordWrites("echo");
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    var entity = spawn("echo");
    // Sent while the entity recovers: all of them wait in its stash for the first write.
    for (int i = 0; i < 20; i++) {
      entity.tell(new AgentEntity.Perform(request("b" + i), probe.ref()));
    }

    List<WorkOutcome> outcomes = probe.receiveSeveralMessages(20);

    assertThat(outcomes).extracting(WorkOutcome::status).containsOnly(WorkOutcome.Status.COMPLETED);
    assertThat(echo.calls()).isEqualTo(20);
    assertThat(writes.stream().flatMap(List::stream))
        .filteredOn(AgentEntity.WorkCompleted.class::isInstance)
        .hasSize(20);
    assertThat(writes).hasSizeLessThan(20);
    // Each write is one journal row.
    assertThat(
            PersistenceTestKit.create(testKit.system()).persistedInStorage(persistenceId("echo")))
        .hasSameSizeAs(writes)
        .allSatisfy(
            row ->
                assertThat(row)
                    .isInstanceOfAny(AgentEntity.Batch.class, AgentEntity.WorkCompleted.class));
    // An acceptance written in its outcome's batch would only repeat what the outcome says.
    for (List<Object> batch : writes) {
      Set<String> completed = new HashSet<>();
      batch.stream()
          .filter(AgentEntity.WorkCompleted.class::isInstance)
          .forEach(event -> completed.add(((AgentEntity.WorkCompleted) event).requestId()));
      assertThat(batch)
          .filteredOn(AgentEntity.WorkAccepted.class::isInstance)
          .noneMatch(
              event ->
                  completed.contains(((AgentEntity.WorkAccepted) event).request().requestId()));
    }
  }

  @Test
  void reportsAnAgentFailureWithItsRetryability() {
    var kit = entity("invalid");

    var result = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    assertThat(result.reply().status()).isEqualTo(WorkOutcome.Status.FAILED);
    assertThat(result.reply().retryable()).isFalse();
    assertThat(result.reply().error()).isEqualTo("email.subject is missing");
    assertThat(result.events()).singleElement().isInstanceOf(AgentEntity.WorkFailed.class);
    var view = view(kit);
    assertThat(view.failures()).isEqualTo(1);
  }

  @Test
  void aRefusalOfAKnownTypeIsRecordedAndAnsweredWithItsProblemType() {
    var kit = entity("over-budget");

    var result = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    assertThat(result.reply().status()).isEqualTo(WorkOutcome.Status.FAILED);
    assertThat(result.reply().retryable()).isFalse();
    assertThat(result.reply().problem()).isEqualTo(ProblemType.BUDGET_EXCEEDED);
    assertThat(result.events())
        .singleElement()
        .isInstanceOfSatisfying(
            AgentEntity.WorkFailed.class,
            failed -> assertThat(failed.problem()).isEqualTo(ProblemType.BUDGET_EXCEEDED));
    // A retried request id is answered from the record, with its type.
    kit.restart();
    var again = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));
    assertThat(again.reply()).isEqualTo(result.reply());
    assertThat(again.hasNoEvents()).isTrue();
  }

  @Test
  void failsWorkThatOutlivesTheWorkTimeoutAsRetryable() {
    var kit = entity("stuck");

    var result = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    assertThat(result.reply().status()).isEqualTo(WorkOutcome.Status.FAILED);
    assertThat(result.reply().retryable()).isTrue();
    assertThat(result.reply().error()).contains("did not finish");
  }

  @Test
  void forgetsOutcomesBeyondTheDedupWindowOldestFirst() {
    var kit = entity("tiny-window");
    for (String id : List.of("r1", "r2", "r3")) {
      kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request(id), r));
    }

    var newest = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r3"), r));
    var oldest = kit.<WorkOutcome>runCommand(r -> new AgentEntity.Perform(request("r1"), r));

    assertThat(newest.hasNoEvents()).isTrue();
    // r1 fell out of the window: it runs again, and its new outcome is written.
    assertThat(oldest.events()).singleElement().isInstanceOf(AgentEntity.WorkCompleted.class);
  }

  @Test
  void anEntityIdNamingAnUnknownAgentRejectsWork() {
    TestProbe<WorkOutcome> probe = testKit.createTestProbe();
    var ref = spawn("nobody");

    ref.tell(new AgentEntity.Perform(request("r1"), probe.ref()));

    WorkOutcome outcome = probe.receiveMessage();
    assertThat(outcome.status()).isEqualTo(WorkOutcome.Status.REJECTED);
    assertThat(outcome.retryable()).isFalse();
  }

  @Test
  void routesARequestIdToTheSameSlotEveryTime() {
    assertThat(AgentEntity.slotFor("tenant:task:step:1", 4))
        .isEqualTo(AgentEntity.slotFor("tenant:task:step:1", 4))
        .isBetween(0, 3);
  }
}
