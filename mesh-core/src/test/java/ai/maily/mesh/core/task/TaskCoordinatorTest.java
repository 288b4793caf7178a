package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.TestAgents;
import ai.maily.mesh.core.task.TaskCoordinator.Event;
import ai.maily.mesh.core.task.TaskCoordinator.TaskReply;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.ProcessingSuccess;
import org.apache.pekko.persistence.testkit.StorageFailure;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class TaskCoordinatorTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final TaskSettings SETTINGS =
      TaskSettings.fromConfig(testKit.system().settings().config().getConfig("mesh.tasks"));

  private final AgentRegistry registry =
      AgentRegistry.of(
          List.of(
              TestAgents.echo("alpha"),
              TestAgents.echo("beta"),
              TestAgents.echo("flaky"),
              TestAgents.echo("fragile"),
              TestAgents.echo("frail"),
              TestAgents.echo("crowded")));
  private final TestProbe<AgentEntity.Command> agents = testKit.createTestProbe();
  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private final TestProbe<TaskRecovery.Command> recovery = testKit.createTestProbe();
  private TaskAdmission admission = new TaskAdmission(8, 8, Duration.ofSeconds(1));
  private String taskId;
  private EventSourcedBehaviorTestKit<TaskCoordinator.Command, TaskCoordinator.Event, TaskState>
      kit;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newTask() {
    taskId = UUID.randomUUID().toString();
    kit = EventSourcedBehaviorTestKit.create(testKit.system(), coordinator(taskId));
  }

  /** The coordinator of tenant acme's task {@code task}, sending to the agents probe. */
  private Behavior<TaskCoordinator.Command> coordinator(String task) {
    return TaskCoordinator.create(
        TaskIds.entityId("acme", task),
        SETTINGS,
        new PlanValidator(registry::contains, SETTINGS.limits()),
        (tenant, agentType, requestId) -> agents.ref(),
        admission,
        recovery.ref(),
        StepBudgets.none(),
        shard.ref());
  }

  private static String persistenceId(String task) {
    return "Task|" + TaskIds.entityId("acme", task);
  }

  private static Step step(String id, String agent, String... deps) {
    return Step.agent(id, agent, List.of(deps), 2_000, 3);
  }

  private static TaskSubmission submission(Step... steps) {
    return TaskSubmission.of(
        "",
        new Plan(List.of(steps)),
        JsonNodeFactory.instance.objectNode().put("brief", "spring sale"),
        "",
        "alice");
  }

  private TaskReply submit(TaskSubmission submission) {
    return kit.<TaskReply>runCommand(r -> new TaskCoordinator.Submit(submission, r)).reply();
  }

  private TaskView view() {
    // A resubmission answers the task as it is, after any write in flight, as clients see it.
    TaskSubmission submission = kit.getState().submission();
    return task(kit.<TaskReply>runCommand(r -> new TaskCoordinator.Submit(submission, r)).reply());
  }

  /** The task a carried-out command answers with. */
  private static TaskView task(TaskReply reply) {
    assertThat(reply).isInstanceOf(TaskCoordinator.Done.class);
    return ((TaskCoordinator.Done) reply).task();
  }

  /** CREATED or DONE for a carried-out command, the rejection's problem type for a refused one. */
  private static String outcome(TaskReply reply) {
    if (reply instanceof TaskCoordinator.Done done) {
      return done.created() ? "CREATED" : "DONE";
    }
    return ((TaskCoordinator.Refused) reply).rejection().type().name();
  }

  /** The task's journal rows. */
  private List<Event> persistedRows() {
    return kit.persistenceTestKit().persistedInStorage(persistenceId(taskId)).stream()
        .map(Event.class::cast)
        .toList();
  }

  /** The task's events, out of its journal rows. */
  private List<Event> persistedEvents() {
    return persistedRows().stream().flatMap(row -> TaskCoordinator.unpacked(row).stream()).toList();
  }

  private AgentEntity.Perform nextPerform() {
    return agents.expectMessageClass(AgentEntity.Perform.class);
  }

  /** The next {@code count} requests sent to agents, by step id. */
  private Map<String, AgentEntity.Perform> nextPerforms(int count) {
    Map<String, AgentEntity.Perform> performs = new HashMap<>();
    for (int i = 0; i < count; i++) {
      AgentEntity.Perform perform = nextPerform();
      performs.put(perform.request().stepId(), perform);
    }
    return performs;
  }

  private static void complete(AgentEntity.Perform perform, JsonNode data) {
    perform
        .replyTo()
        .tell(
            new WorkOutcome(
                perform.request().requestId(),
                WorkOutcome.Status.COMPLETED,
                new AgentOutput(data, "ok"),
                null,
                false,
                null));
  }

  private static void fail(AgentEntity.Perform perform, boolean retryable) {
    perform
        .replyTo()
        .tell(
            new WorkOutcome(
                perform.request().requestId(),
                WorkOutcome.Status.FAILED,
                null,
                "agent broke",
                retryable,
                null));
  }

  private static void rejectAsFull(AgentEntity.Perform perform) {
    perform
        .replyTo()
        .tell(
            new WorkOutcome(
                perform.request().requestId(),
                WorkOutcome.Status.REJECTED,
                null,
                "agent is overloaded",
                true,
                null));
  }

  private static JsonNode data(String value) {
    return JsonNodeFactory.instance.objectNode().put("value", value);
  }

  private void awaitStatus(TaskStatus status) {
    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              assertThat(view().status()).isEqualTo(status);
              return null;
            });
  }

  @Test
  void rejectsAnInvalidPlanListingEveryProblemAndPersistsNothing() {
    var result =
        kit.<TaskReply>runCommand(
            r ->
                new TaskCoordinator.Submit(
                    submission(step("a", "nobody", "b"), step("b", "alpha", "a")), r));

    assertThat(outcome(result.reply())).isEqualTo("INVALID_PLAN");
    assertThat(((TaskCoordinator.Refused) result.reply()).problems())
        .extracting(PlanProblem::message)
        .anySatisfy(m -> assertThat(m).contains("unknown agent 'nobody'"))
        .anySatisfy(m -> assertThat(m).contains("cycle"));
    assertThat(result.hasNoEvents()).isTrue();
    assertThat(
            outcome(
                kit.<TaskReply>runCommand(r -> new TaskCoordinator.Cancel("carol", "", r)).reply()))
        .isEqualTo("NOT_FOUND");
  }

  @Test
  void dispatchesReadyStepsInParallelAndFansTheirOutputsIn() {
    TaskReply created =
        submit(
            submission(
                step("draft", "alpha"),
                step("check", "beta", "draft"),
                step("score", "alpha", "draft"),
                step("merge", "beta", "check", "score")));
    assertThat(outcome(created)).isEqualTo("CREATED");
    assertThat(task(created).status()).isEqualTo(TaskStatus.RUNNING);

    complete(nextPerform(), data("draft"));
    List<AgentEntity.Perform> parallel = List.of(nextPerform(), nextPerform());
    assertThat(parallel)
        .extracting(p -> p.request().stepId())
        .containsExactlyInAnyOrder("check", "score");
    agents.expectNoMessage();
    parallel.forEach(p -> complete(p, data(p.request().stepId())));

    AgentEntity.Perform merge = nextPerform();
    assertThat(merge.request().input().get("deps").get("check").get("value").asText())
        .isEqualTo("check");
    assertThat(merge.request().input().get("deps").get("score").get("value").asText())
        .isEqualTo("score");
    assertThat(merge.request().input().get("input").get("brief").asText()).isEqualTo("spring sale");
    complete(merge, data("merged"));

    awaitStatus(TaskStatus.COMPLETED);
    TaskView done = view();
    assertThat(done.result().get("merge").get("value").asText()).isEqualTo("merged");
    assertThat(done.steps()).allSatisfy(s -> assertThat(s.attempts()).isEqualTo(1));
  }

  /**
   * A journal policy for one task: records the descriptions of the events of each of its writes,
   * and holds the write that contains {@code held} until {@link #release}.
   */
  private final class HeldWrite implements AutoCloseable {
    final List<List<String>> writes = new CopyOnWriteArrayList<>();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    HeldWrite(String task, String held) {
      String persistenceId = persistenceId(task);
      kit.persistenceTestKit()
          .withPolicy(
              (id, operation) -> {
                if (id.equals(persistenceId) && operation instanceof WriteEvents write) {
                  List<String> written = describe(write);
                  writes.add(written);
                  if (written.contains(held)) {
                    holding.countDown();
                    awaitUninterruptibly(released);
                  }
                }
                return ProcessingSuccess.getInstance();
              });
    }

    void awaitHolding() {
      awaitUninterruptibly(holding);
    }

    void release() {
      released.countDown();
    }

    @Override
    public void close() {
      release();
      kit.persistenceTestKit().resetPolicy();
    }
  }

  @Test
  void answersOfParallelStepsThatArriveDuringAWriteAreWrittenTogether() {
    try (HeldWrite journal = new HeldWrite(taskId, "StepSucceeded first")) {
      submit(
          submission(
              step("draft", "alpha"),
              step("first", "beta", "draft"),
              step("check", "alpha", "draft"),
              step("score", "beta", "draft"),
              step("merge", "alpha", "first", "check", "score")));
      complete(nextPerform(), data("draft"));
      Map<String, AgentEntity.Perform> parallel = nextPerforms(3);

      complete(parallel.get("first"), data("first"));
      journal.awaitHolding();
      complete(parallel.get("check"), data("check"));
      complete(parallel.get("score"), data("score"));
      journal.release();

      assertThat(nextPerform().request().stepId()).isEqualTo("merge");
      // The task answers after the write that started the merge.
      view();
      assertThat(journal.writes)
          .endsWith(
              List.of("StepSucceeded first"),
              List.of("StepSucceeded check", "StepSucceeded score", "StepStarted merge"));
    }
  }

  @Test
  void stepsThatASuccessStartsAreSentWhileTheSuccessIsBeingWritten() {
    try (HeldWrite journal = new HeldWrite(taskId, "StepSucceeded draft")) {
      submit(submission(step("draft", "alpha"), step("check", "beta", "draft")));
      complete(nextPerform(), data("draft"));

      AgentEntity.Perform check = nextPerform();
      assertThat(check.request().stepId()).isEqualTo("check");
      assertThat(check.request().input().get("deps").get("draft").get("value").asText())
          .isEqualTo("draft");
      journal.release();
      complete(check, data("check"));
      awaitStatus(TaskStatus.COMPLETED);
    }
  }

  @Test
  void aStepSentBeforeItsStartWasWrittenIsSentAgainWithTheSameRequestAfterTheWriteFails() {
    String persistenceId = persistenceId(taskId);
    CountDownLatch writeFailed = new CountDownLatch(1);
    kit.persistenceTestKit()
        .withPolicy(
            (id, operation) -> {
              if (id.equals(persistenceId)
                  && operation instanceof WriteEvents write
                  && describe(write).contains("StepSucceeded draft")) {
                writeFailed.countDown();
                return StorageFailure.create(new IllegalStateException("journal unavailable"));
              }
              return ProcessingSuccess.getInstance();
            });
    AgentEntity.Perform checkBeforeFailure;
    try {
      submit(submission(step("draft", "alpha"), step("check", "beta", "draft")));
      complete(nextPerform(), data("draft"));
      checkBeforeFailure = nextPerform();
      awaitUninterruptibly(writeFailed);
    } finally {
      kit.persistenceTestKit().resetPolicy();
    }

    // The failed write stopped the coordinator, which asks its node to wake it again; its
    // successor sends the step still running.
    recovery.expectMessageClass(TaskRecovery.Opened.class);
    recovery.expectMessage(new TaskRecovery.Failed(TaskIds.entityId("acme", taskId)));
    kit.restart();
    AgentEntity.Perform draftAgain = nextPerform();
    assertThat(draftAgain.request().stepId()).isEqualTo("draft");
    // The agent answers a request id it has seen with the outcome it recorded.
    complete(draftAgain, data("draft"));
    AgentEntity.Perform checkAgain = nextPerform();

    assertThat(checkAgain.request()).isEqualTo(checkBeforeFailure.request());
    complete(checkAgain, data("check"));
    awaitStatus(TaskStatus.COMPLETED);
    assertThat(view().steps()).allSatisfy(s -> assertThat(s.attempts()).isEqualTo(1));
  }

  @Test
  void aCancelArrivingWithASuccessIsWrittenAfterThatSuccess() {
    // Spawned directly rather than through the behavior test kit, whose runCommand would block
    // while the write is held: the answer and the cancel must reach the entity during that write.
    String spawnedTask = UUID.randomUUID().toString();
    var coordinator = testKit.spawn(coordinator(spawnedTask));
    TestProbe<TaskReply> replies = testKit.createTestProbe();
    try (HeldWrite journal = new HeldWrite(spawnedTask, "StepSucceeded first")) {
      coordinator.tell(
          new TaskCoordinator.Submit(
              submission(
                  step("draft", "alpha"),
                  step("first", "beta", "draft"),
                  step("check", "alpha", "draft"),
                  step("merge", "alpha", "first", "check")),
              replies.ref()));
      assertThat(outcome(replies.receiveMessage())).isEqualTo("CREATED");
      complete(nextPerform(), data("draft"));
      Map<String, AgentEntity.Perform> parallel = nextPerforms(2);

      complete(parallel.get("first"), data("first"));
      journal.awaitHolding();
      complete(parallel.get("check"), data("check"));
      coordinator.tell(new TaskCoordinator.Cancel("carol", "changed my mind", replies.ref()));
      journal.release();

      TaskView cancelled = task(replies.receiveMessage());
      assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
      assertThat(cancelled.steps())
          .filteredOn(step -> !step.id().equals("merge"))
          .allSatisfy(step -> assertThat(step.status()).isEqualTo(StepStatus.SUCCEEDED));
      assertThat(journal.writes)
          .endsWith(
              List.of("StepSucceeded first"),
              List.of("StepSucceeded check", "StepStarted merge"),
              List.of("TaskCancelled"));
    }
  }

  @Test
  void aSubmissionWhoseWriteTheJournalRefusesIsAnsweredAtOnceInOneWarningAndTheTaskStillAnswers() {
    // Spawned directly: the behavior test kit would read the state of an entity that restarts.
    String spawnedTask = UUID.randomUUID().toString();
    var coordinator = testKit.spawn(coordinator(spawnedTask));
    TestProbe<TaskReply> replies = testKit.createTestProbe();
    TaskSubmission submission = submission(step("draft", "alpha"));
    List<ILoggingEvent> logged;
    try (CapturedLog log = new CapturedLog()) {
      kit.persistenceTestKit()
          .rejectNextPersisted(
              persistenceId(spawnedTask),
              new IllegalArgumentException(
                  "Failed to serialize", new IllegalStateException("nesting depth (1001)")));
      coordinator.tell(new TaskCoordinator.Submit(submission, replies.ref()));

      TaskReply refused = replies.receiveMessage(Duration.ofSeconds(2));
      assertThat(outcome(refused)).isEqualTo("INVALID_REQUEST");
      assertThat(((TaskCoordinator.Refused) refused).rejection().detail())
          .endsWith("cannot be stored: nesting depth (1001)");
      testKit.createTestProbe().awaitAssert(() -> assertThat(admission.running()).isZero());
      logged = log.events();
    }
    assertThat(logged)
        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage()).contains("nesting depth (1001)");
              assertThat(event.getThrowableProxy()).isNull();
            });

    // The coordinator started again from its journal, which holds nothing: the same submission
    // now runs.
    coordinator.tell(new TaskCoordinator.Submit(submission, replies.ref()));
    assertThat(outcome(replies.receiveMessage())).isEqualTo("CREATED");
    assertThat(nextPerform().request().stepId()).isEqualTo("draft");
    coordinator.tell(new TaskCoordinator.Submit(submission, replies.ref()));
    assertThat(task(replies.receiveMessage()).status()).isEqualTo(TaskStatus.RUNNING);
  }

  @Test
  void aCancelWhoseWriteTheJournalRefusesLeavesTheTaskRunningItsSteps() {
    String spawnedTask = UUID.randomUUID().toString();
    var coordinator = testKit.spawn(coordinator(spawnedTask));
    TestProbe<TaskReply> replies = testKit.createTestProbe();
    coordinator.tell(new TaskCoordinator.Submit(submission(step("draft", "alpha")), replies.ref()));
    assertThat(outcome(replies.receiveMessage())).isEqualTo("CREATED");
    AgentEntity.Perform draft = nextPerform();

    kit.persistenceTestKit().rejectNextPersisted(persistenceId(spawnedTask));
    coordinator.tell(new TaskCoordinator.Cancel("carol", "unwritable", replies.ref()));
    assertThat(outcome(replies.receiveMessage())).isEqualTo("INVALID_REQUEST");

    // Started again from its journal, the task sends its running step again, with the same id.
    assertThat(nextPerform().request().requestId()).isEqualTo(draft.request().requestId());
    complete(draft, data("draft"));
    Awaitility.await()
        .untilAsserted(
            () -> {
              TestProbe<TaskReply> view = testKit.createTestProbe();
              coordinator.tell(
                  new TaskCoordinator.Submit(submission(step("draft", "alpha")), view.ref()));
              assertThat(task(view.receiveMessage()).status()).isEqualTo(TaskStatus.COMPLETED);
            });
  }

  /** What is logged while it is open, from every logger. */
  private static final class CapturedLog implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

    CapturedLog() {
      appender.start();
      root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
      return List.copyOf(appender.list);
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      appender.stop();
    }
  }

  /** The events of a write to the journal, described, out of its rows. */
  private static List<String> describe(WriteEvents write) {
    return write.getBatch().stream()
        .flatMap(row -> TaskCoordinator.unpacked((Event) row).stream())
        .map(TaskCoordinatorTest::describe)
        .toList();
  }

  private static String describe(Event event) {
    if (event instanceof TaskCoordinator.StepSucceeded e) {
      return "StepSucceeded " + e.stepId();
    }
    if (event instanceof TaskCoordinator.StepStarted e) {
      return "StepStarted " + e.stepId();
    }
    return event.getClass().getSimpleName();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released in time").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theViewFromATasksEventsIsTheOneItsEntityAnswers() {
    submit(submission(step("draft", "alpha"), step("check", "beta", "draft")));
    complete(nextPerform(), data("draft"));
    AgentEntity.Perform check = nextPerform();
    // The task answers after its write of the first step's success.
    TaskView running = view();
    assertThat(TaskState.viewOf(persistedEvents())).contains(running);

    complete(check, data("check"));
    awaitStatus(TaskStatus.COMPLETED);
    TaskView completed = view();
    assertThat(TaskState.viewOf(persistedEvents())).contains(completed);
    assertThat(view().status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(TaskState.viewOf(List.of())).isEmpty();
  }

  @Test
  void announcesTheEndOfATaskOnTheEventStream() {
    TestProbe<TaskCoordinator.TaskEnded> ended = testKit.createTestProbe();
    testKit
        .system()
        .eventStream()
        .tell(new EventStream.Subscribe<>(TaskCoordinator.TaskEnded.class, ended.ref()));
    submit(submission(step("a", "alpha")));

    complete(nextPerform(), data("a"));

    TaskCoordinator.TaskEnded end =
        ended
            .fishForMessage(
                Duration.ofSeconds(5),
                e ->
                    e.taskId().equals(taskId)
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore())
            .get(0);
    assertThat(end.tenant()).isEqualTo("acme");
    assertThat(end.status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void writesTheEventsOfAWriteAsOneJournalRowAndTheTasksEndAsARowOfItsOwn() {
    submit(submission(step("a", "alpha"), step("b", "beta", "a")));
    complete(nextPerform(), data("a"));
    complete(nextPerform(), data("b"));
    awaitStatus(TaskStatus.COMPLETED);

    List<Event> rows = persistedRows();
    assertThat(rows)
        .map(
            row ->
                TaskCoordinator.unpacked(row).stream().map(TaskCoordinatorTest::describe).toList())
        .containsExactly(
            List.of("TaskSubmitted", "StepStarted a"),
            List.of("StepSucceeded a", "StepStarted b"),
            List.of("StepSucceeded b"),
            List.of("TaskFinished"));
    assertThat(rows)
        .map(Object::getClass)
        .containsExactly(
            TaskCoordinator.Batch.class,
            TaskCoordinator.Batch.class,
            TaskCoordinator.StepSucceeded.class,
            TaskCoordinator.TaskFinished.class);
    // Replayed from those rows, the task is as it was.
    TaskView done = view();
    kit.restart();
    assertThat(view()).isEqualTo(done);
  }

  @Test
  void resumesATaskFromAJournalWrittenOneEventPerRow() {
    // The entity has recovered from its empty journal once it answers, and cannot see the rows
    // below before the restart.
    assertThat(
            outcome(
                kit.<TaskReply>runCommand(r -> new TaskCoordinator.Cancel("carol", "", r)).reply()))
        .isEqualTo("NOT_FOUND");
    // A journal as coordinators wrote it before ADR 0019: one row per event, no batches.
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    String requestIdOfB = "acme:" + taskId + ":b:1";
    kit.persistenceTestKit()
        .persistForRecovery(
            persistenceId(taskId),
            List.of(
                new TaskCoordinator.TaskSubmitted(
                    taskId, "acme", submission(step("a", "alpha"), step("b", "beta", "a")), at),
                new TaskCoordinator.StepStarted("a", 1, "acme:" + taskId + ":a:1", at),
                new TaskCoordinator.StepSucceeded("a", 1, new AgentOutput(data("a"), "ok"), at),
                new TaskCoordinator.StepStarted("b", 1, requestIdOfB, at)));
    kit.restart();

    AgentEntity.Perform b = nextPerform();
    assertThat(b.request().requestId()).isEqualTo(requestIdOfB);
    assertThat(b.request().input().get("deps").get("a").get("value").asText()).isEqualTo("a");
    complete(b, data("b"));
    awaitStatus(TaskStatus.COMPLETED);
    assertThat(view().result().get("b").get("value").asText()).isEqualTo("b");
  }

  @Test
  void retriesAFailedAttemptWithANewRequestIdThenFailsTheTask() {
    submit(submission(Step.agent("only", "alpha", List.of(), 2_000, 2)));

    AgentEntity.Perform first = nextPerform();
    fail(first, true);
    AgentEntity.Perform second = nextPerform();
    assertThat(second.request().requestId())
        .endsWith(":2")
        .isNotEqualTo(first.request().requestId());
    fail(second, true);

    awaitStatus(TaskStatus.FAILED);
    TaskView failed = view();
    assertThat(failed.steps().get(0).status()).isEqualTo(StepStatus.FAILED);
    assertThat(failed.steps().get(0).attempts()).isEqualTo(2);
    assertThat(failed.reasons()).anySatisfy(r -> assertThat(r).contains("after 2 attempt(s)"));
    assertThat(persistedEvents())
        .filteredOn(e -> e instanceof TaskCoordinator.StepAttemptFailed)
        .hasSize(2);
  }

  @Test
  void aNonRetryableFailureFailsTheStepAtOnceAndSkipsWhatDependsOnIt() {
    submit(submission(step("a", "alpha"), step("b", "beta", "a")));

    fail(nextPerform(), false);

    awaitStatus(TaskStatus.FAILED);
    agents.expectNoMessage();
    TaskView failed = view();
    assertThat(failed.steps())
        .extracting(TaskView.StepView::status)
        .containsExactly(StepStatus.FAILED, StepStatus.SKIPPED);
    assertThat(failed.steps().get(0).error()).contains("not retryable");
  }

  @Test
  void anUnansweredAttemptTimesOutAndIsRetried() {
    submit(submission(Step.agent("slow", "alpha", List.of(), 100, 2)));

    AgentEntity.Perform first = nextPerform();
    AgentEntity.Perform retry = nextPerform();

    assertThat(retry.request().requestId()).endsWith(":2");
    complete(first, data("late"));
    complete(retry, data("on time"));
    awaitStatus(TaskStatus.COMPLETED);
    assertThat(view().steps().get(0).output().get("value").asText()).isEqualTo("on time");
  }

  @Test
  void aFailedOptionalStepDegradesTheTaskAndItsDependentsStillRun() {
    submit(submission(step("a", "alpha").asOptional(), step("b", "beta", "a")));

    fail(nextPerform(), false);
    AgentEntity.Perform b = nextPerform();
    assertThat(b.request().input().get("deps").has("a")).isFalse();
    complete(b, data("b"));

    awaitStatus(TaskStatus.DEGRADED);
    assertThat(view().reasons()).anySatisfy(r -> assertThat(r).contains("optional step 'a'"));
  }

  @Test
  void anApprovalParksTheTaskDurablyUntilApproved() {
    submit(submission(step("draft", "alpha"), Step.approval("approve", List.of("draft"))));
    complete(nextPerform(), data("draft"));
    awaitStatus(TaskStatus.AWAITING_APPROVAL);

    kit.restart();
    assertThat(view().status()).isEqualTo(TaskStatus.AWAITING_APPROVAL);
    agents.expectNoMessage();

    TaskReply decided =
        kit.<TaskReply>runCommand(
                r -> new TaskCoordinator.Decide("approve", true, "bob", "looks good", r))
            .reply();
    assertThat(task(decided).status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(task(decided).steps().get(1).output().get("by").asText()).isEqualTo("bob");
  }

  @Test
  void aRejectedApprovalFailsTheTask() {
    submit(submission(Step.approval("approve", List.of())));

    TaskReply decided =
        kit.<TaskReply>runCommand(
                r -> new TaskCoordinator.Decide("approve", false, "bob", "off brand", r))
            .reply();

    assertThat(task(decided).status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task(decided).steps().get(0).error()).isEqualTo("rejected by bob: off brand");
  }

  @Test
  void refusesDecisionsOnStepsThatAreNotAwaitingOne() {
    submit(submission(step("draft", "alpha"), Step.approval("approve", List.of("draft"))));

    var early =
        kit.<TaskReply>runCommand(r -> new TaskCoordinator.Decide("approve", true, "bob", "", r));
    var notApproval =
        kit.<TaskReply>runCommand(r -> new TaskCoordinator.Decide("draft", true, "bob", "", r));

    assertThat(outcome(early.reply())).isEqualTo("CONFLICT");
    assertThat(early.hasNoEvents()).isTrue();
    assertThat(outcome(notApproval.reply())).isEqualTo("NOT_FOUND");
  }

  @Test
  void cancelStopsDispatchAndIgnoresLateReplies() {
    submit(submission(step("a", "alpha"), step("b", "beta", "a")));
    AgentEntity.Perform a = nextPerform();

    TaskReply cancelled =
        kit.<TaskReply>runCommand(r -> new TaskCoordinator.Cancel("carol", "wrong brief", r))
            .reply();
    complete(a, data("late"));

    assertThat(task(cancelled).status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(task(cancelled).steps())
        .extracting(TaskView.StepView::status)
        .containsOnly(StepStatus.CANCELLED);
    agents.expectNoMessage();
    assertThat(view().status()).isEqualTo(TaskStatus.CANCELLED);
    var again = kit.<TaskReply>runCommand(r -> new TaskCoordinator.Cancel("carol", "", r));
    assertThat(outcome(again.reply())).isEqualTo("CONFLICT");
  }

  @Test
  void aFinishedTaskPassivatesOnlyOnceItsAttemptsAreAnswered() {
    submit(submission(step("a", "alpha")));
    AgentEntity.Perform a = nextPerform();
    kit.<TaskReply>runCommand(r -> new TaskCoordinator.Cancel("carol", "", r));

    // passivate-after is 200 ms in the test configuration
    shard.expectNoMessage(Duration.ofMillis(600));
    complete(a, data("late"));

    assertThat(shard.receiveMessage()).isInstanceOf(ClusterSharding.Passivate.class);
  }

  @Test
  void anEntityWithoutATaskPassivatesOnceIdle() {
    var get = kit.<TaskReply>runCommand(r -> new TaskCoordinator.Cancel("carol", "", r));

    assertThat(outcome(get.reply())).isEqualTo("NOT_FOUND");
    assertThat(shard.receiveMessage()).isInstanceOf(ClusterSharding.Passivate.class);
  }

  @Test
  void resumingAnEntityWithoutATaskPassivatesIt() {
    kit.runCommand(TaskCoordinator.Resume.INSTANCE);

    assertThat(shard.receiveMessage()).isInstanceOf(ClusterSharding.Passivate.class);
    recovery.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void tellsItsRecoveryWhenTheTaskOpensAndEndsAndWhatARestartFinds() {
    String entityId = TaskIds.entityId("acme", taskId);
    submit(submission(step("a", "alpha")));
    Instant createdAt = view().createdAt();
    recovery.expectMessage(new TaskRecovery.Opened(entityId, createdAt));
    nextPerform();

    // The test kit's restart stops the coordinator as a failure would.
    kit.restart();
    recovery.expectMessage(new TaskRecovery.Failed(entityId));
    recovery.expectMessage(new TaskRecovery.Opened(entityId, createdAt));
    complete(nextPerform(), data("x"));
    recovery.expectMessage(new TaskRecovery.Ended(entityId));

    // Finished, it may have passivated before this restart (then no failure is reported).
    kit.restart();
    recovery.fishForMessage(
        Duration.ofSeconds(3),
        message ->
            message instanceof TaskRecovery.Failed
                ? FishingOutcomes.continueAndIgnore()
                : message.equals(new TaskRecovery.Ended(entityId))
                    ? FishingOutcomes.complete()
                    : FishingOutcomes.fail("unexpected " + message));
  }

  @Test
  void anOpenTaskHandedOffIsWokenAtItsNewHomeAndAnEndedOneIsNot() {
    String open = UUID.randomUUID().toString();
    var moving = testKit.spawn(coordinator(open));
    TestProbe<TaskReply> replies = testKit.createTestProbe();
    moving.tell(new TaskCoordinator.Submit(submission(step("a", "alpha")), replies.ref()));
    assertThat(outcome(replies.receiveMessage())).isEqualTo("CREATED");
    nextPerform();
    recovery.expectMessageClass(TaskRecovery.Opened.class);

    moving.tell(TaskCoordinator.HandOff.INSTANCE);
    recovery.expectMessage(new TaskRecovery.Moved(TaskIds.entityId("acme", open)));
    replies.expectTerminated(moving);

    var ended = testKit.spawn(coordinator(UUID.randomUUID().toString()));
    ended.tell(new TaskCoordinator.Submit(submission(step("a", "alpha")), replies.ref()));
    replies.receiveMessage();
    complete(nextPerform(), data("x"));
    recovery.expectMessageClass(TaskRecovery.Opened.class);
    recovery.expectMessageClass(TaskRecovery.Ended.class);

    ended.tell(TaskCoordinator.HandOff.INSTANCE);
    replies.expectTerminated(ended);
    recovery.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aFullNodeRefusesANewTaskWithoutWritingItAndAdmitsItOnceATaskEnds() {
    admission = new TaskAdmission(1, 1, Duration.ofSeconds(1));
    newTask();
    submit(submission(step("a", "alpha")));
    AgentEntity.Perform running = nextPerform();
    newTask();

    TaskReply refused = submit(submission(step("a", "alpha")));

    assertThat(outcome(refused)).isEqualTo("OVERLOADED");
    assertThat(((TaskCoordinator.Refused) refused).rejection().detail())
        .startsWith("this node runs 1 tasks (limit 1) and has 0 submissions");
    assertThat(persistedEvents()).isEmpty();
    agents.expectNoMessage();

    complete(running, data("done"));
    testKit.createTestProbe().awaitAssert(() -> assertThat(admission.running()).isZero());
    assertThat(outcome(submit(submission(step("a", "alpha"))))).isEqualTo("CREATED");
    assertThat(admission.running()).isEqualTo(1);
  }

  @Test
  void aTaskWaitingOnlyForAnApprovalGivesBackItsSlotAndTakesItBackWhenApproved() {
    admission = new TaskAdmission(1, 1, Duration.ofSeconds(1));
    newTask();
    submit(submission(Step.approval("approve", List.of()), step("send", "alpha", "approve")));
    assertThat(admission.running()).isZero();
    String parked = taskId;
    var parkedKit = kit;
    newTask();
    submit(submission(step("a", "alpha")));
    AgentEntity.Perform other = nextPerform();
    assertThat(admission.running()).isEqualTo(1);

    // An accepted task resumes even on a full node, and counts until it ends.
    parkedKit.<TaskReply>runCommand(r -> new TaskCoordinator.Decide("approve", true, "bob", "", r));
    AgentEntity.Perform send = nextPerform();
    assertThat(send.request().taskId()).isEqualTo(parked);
    assertThat(admission.running()).isEqualTo(2);
    newTask();
    assertThat(outcome(submit(submission(step("a", "alpha"))))).isEqualTo("OVERLOADED");

    complete(send, data("sent"));
    complete(other, data("done"));
    testKit.createTestProbe().awaitAssert(() -> assertThat(admission.running()).isZero());
  }

  @Test
  void aRestartedTaskGivesBackItsSlotAndTakesItAgainWhenItResumes() {
    submit(submission(step("a", "alpha")));
    AgentEntity.Perform before = nextPerform();
    assertThat(admission.running()).isEqualTo(1);

    kit.restart();

    AgentEntity.Perform resent = nextPerform();
    assertThat(resent.request().requestId()).isEqualTo(before.request().requestId());
    assertThat(admission.running()).isEqualTo(1);
    complete(resent, data("x"));
    awaitStatus(TaskStatus.COMPLETED);
    assertThat(admission.running()).isZero();
  }

  @Test
  void aStoppedCoordinatorGivesBackItsHalfOpenBreakerTrial() {
    // One failure opens frail's breaker, and the next call finds it half-open.
    submit(submission(Step.agent("s", "frail", List.of(), 2_000, 1)));
    fail(nextPerform(), true);
    awaitStatus(TaskStatus.FAILED);
    newTask();
    submit(submission(Step.agent("s", "frail", List.of(), 2_000, 1)));
    AgentEntity.Perform trial = nextPerform();

    kit.restart();

    AgentEntity.Perform resent = nextPerform();
    assertThat(resent.request().requestId()).isEqualTo(trial.request().requestId());
    complete(resent, data("x"));
    awaitStatus(TaskStatus.COMPLETED);
  }

  @Test
  void resendsInFlightStepsWithTheSameRequestIdAfterARestart() {
    submit(submission(step("a", "alpha"), step("b", "beta")));
    List<String> before = new ArrayList<>();
    before.add(nextPerform().request().requestId());
    before.add(nextPerform().request().requestId());

    kit.restart();

    List<AgentEntity.Perform> resent = List.of(nextPerform(), nextPerform());
    assertThat(resent)
        .extracting(p -> p.request().requestId())
        .containsExactlyInAnyOrderElementsOf(before);
    resent.forEach(p -> complete(p, data("x")));
    awaitStatus(TaskStatus.COMPLETED);
  }

  @Test
  void theSameSubmissionReturnsTheExistingTaskAndAnotherOneConflicts() {
    TaskSubmission original = submission(step("a", "alpha"));
    submit(original);

    var repeat = kit.<TaskReply>runCommand(r -> new TaskCoordinator.Submit(original, r));
    var different =
        kit.<TaskReply>runCommand(
            r -> new TaskCoordinator.Submit(submission(step("z", "beta")), r));

    assertThat(outcome(repeat.reply())).isEqualTo("DONE");
    assertThat(repeat.hasNoEvents()).isTrue();
    assertThat(outcome(different.reply())).isEqualTo("CONFLICT");
    assertThat(different.hasNoEvents()).isTrue();
  }

  @Test
  void anAgentTurningAttemptsAwayBecauseItIsFullDoesNotOpenItsBreaker() {
    // crowded's breaker opens after 2 consecutive failures; these are 3 rejections.
    for (int i = 0; i < 3; i++) {
      newTask();
      submit(submission(Step.agent("s", "crowded", List.of(), 2_000, 1)));
      rejectAsFull(nextPerform());
      awaitStatus(TaskStatus.FAILED);
      assertThat(view().steps().get(0).error()).contains("agent is overloaded");
    }

    newTask();
    submit(submission(Step.agent("s", "crowded", List.of(), 2_000, 1)));

    complete(nextPerform(), data("x"));
    awaitStatus(TaskStatus.COMPLETED);
  }

  @Test
  void anOpenCircuitBreakerFailsAttemptsFastWithoutCallingTheAgent() {
    for (int i = 0; i < 2; i++) {
      newTask();
      submit(submission(Step.agent("s", "fragile", List.of(), 2_000, 1)));
      fail(nextPerform(), true);
      awaitStatus(TaskStatus.FAILED);
    }

    newTask();
    submit(submission(Step.agent("s", "fragile", List.of(), 2_000, 1)));

    awaitStatus(TaskStatus.FAILED);
    agents.expectNoMessage();
    assertThat(view().steps().get(0).error())
        .contains("circuit breaker for agent 'fragile' is open");
  }
}
