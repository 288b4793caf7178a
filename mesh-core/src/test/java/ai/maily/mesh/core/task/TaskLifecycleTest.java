package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.MeshTestConfig;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TaskLifecycleTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

  private final TestProbe<TaskRecovery.Command> recovery = testKit.createTestProbe();
  private final TestProbe<EventStream.Command> eventStream = testKit.createTestProbe();
  private final TaskAdmission admission = new TaskAdmission(1, 1, Duration.ofSeconds(1));

  private TaskLifecycle lifecycle(String entityId) {
    return new TaskLifecycle(entityId, recovery.ref(), admission, eventStream.ref());
  }

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aNewTaskTakesAFreeSlotAndAFullNodeRefusesTheNext() {
    TaskLifecycle first = lifecycle("acme:t1");
    TaskLifecycle second = lifecycle("acme:t2");

    assertThat(first.admitNew()).isTrue();
    assertThat(second.admitNew()).isFalse();
    assertThat(second.refusal()).startsWith("this node runs 1 tasks (limit 1)");

    first.stopped();
    assertThat(admission.running()).isZero();
  }

  @Test
  void aTaskParkedOnApprovalsGivesBackItsSlotAndTakesItBackWhenItRunsAgain() {
    TaskLifecycle task = lifecycle("acme:t1");
    task.admitNew();

    task.running(false);
    assertThat(admission.running()).isZero();
    task.running(true);
    task.running(true);
    assertThat(admission.running()).isEqualTo(1);
  }

  @Test
  void anEndedTaskGivesBackItsSlotTellsItsRecoveryAndPublishesItsEnd() {
    TaskLifecycle task = lifecycle("acme:t1");
    task.admitNew();
    task.opened(AT);
    TaskCoordinator.TaskEnded end =
        new TaskCoordinator.TaskEnded("acme", "t1", TaskStatus.COMPLETED, AT);

    task.ended(end);

    assertThat(admission.running()).isZero();
    recovery.expectMessage(new TaskRecovery.Opened("acme:t1", AT));
    recovery.expectMessage(new TaskRecovery.Ended("acme:t1"));
    assertThat(eventStream.receiveMessage()).isEqualTo(new EventStream.Publish<>(end));
  }

  @Test
  void aTaskStoppedByAFailureIsWokenAgainAndOneStoppedByItsShardIsNot() {
    TaskLifecycle failed = lifecycle("acme:t1");
    failed.stopped();
    recovery.expectMessage(new TaskRecovery.Failed("acme:t1"));

    TaskLifecycle moved = lifecycle("acme:t2");
    moved.stoppedByShard(true);
    moved.stopped();
    recovery.expectMessage(new TaskRecovery.Moved("acme:t2"));

    TaskLifecycle passivated = lifecycle("acme:t3");
    passivated.stoppedByShard(false);
    passivated.stopped();
    recovery.expectNoMessage(Duration.ofMillis(50));
  }
}
