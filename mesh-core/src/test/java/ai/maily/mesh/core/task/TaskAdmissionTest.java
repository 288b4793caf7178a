package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskAdmissionTest {

  private final TaskAdmission admission = new TaskAdmission(2, Duration.ofMillis(1500));

  @Test
  void admitsNewTasksUpToTheLimitOnly() {
    assertThat(admission.tryAdmit()).isTrue();
    assertThat(admission.tryAdmit()).isTrue();

    assertThat(admission.tryAdmit()).isFalse();
    assertThat(admission.running()).isEqualTo(2);

    admission.release();
    assertThat(admission.tryAdmit()).isTrue();
  }

  @Test
  void boundsTheSubmissionsOnTheirWayAndRefusesThemAllWhileTheNodeIsFull() {
    assertThat(admission.tryStartSubmission()).isTrue();
    assertThat(admission.tryStartSubmission()).isTrue();
    assertThat(admission.tryStartSubmission()).isFalse();
    assertThat(admission.submitting()).isEqualTo(2);

    admission.endSubmission();
    admission.endSubmission();
    admission.tryAdmit();
    admission.tryAdmit();
    assertThat(admission.tryStartSubmission()).isFalse();
    admission.release();
    assertThat(admission.tryStartSubmission()).isTrue();
  }

  @Test
  void anAcceptedTaskTakesItsSlotBackBeyondTheLimitAndNewOnesWaitUntilBelowIt() {
    admission.tryAdmit();
    admission.tryAdmit();
    admission.hold();
    assertThat(admission.running()).isEqualTo(3);

    admission.release();
    assertThat(admission.tryAdmit()).isFalse();
    admission.release();
    assertThat(admission.tryAdmit()).isTrue();
  }

  @Test
  void aRefusalSaysHowFullTheNodeIsAndWhenToComeBack() {
    admission.tryAdmit();
    admission.tryStartSubmission();
    admission.tryStartSubmission();

    assertThat(admission.refusal())
        .isEqualTo(
            "this node runs 1 tasks and has 2 submissions on their way, its limit is 2 of each;"
                + " submit again in 1500 ms");
  }

  @Test
  void readsItsSettingsAndRefusesALimitBelowOne() {
    TaskAdmission configured =
        TaskAdmission.fromConfig(
            ConfigFactory.parseString("max-running = 5, overload-retry-after = 2s"));
    assertThat(configured.limit()).isEqualTo(5);
    assertThat(configured.retryAfter()).isEqualTo(Duration.ofSeconds(2));

    assertThatThrownBy(() -> new TaskAdmission(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }
}
