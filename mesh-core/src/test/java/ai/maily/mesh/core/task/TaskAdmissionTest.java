package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskAdmissionTest {

  private final TaskAdmission admission = new TaskAdmission(2, 3, Duration.ofMillis(1500));

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
    assertThat(admission.tryStartSubmission()).isTrue();
    assertThat(admission.tryStartSubmission()).isFalse();
    assertThat(admission.submitting()).isEqualTo(3);

    admission.endSubmission();
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
            "this node runs 1 tasks (limit 2) and has 2 submissions on their way (limit 3);"
                + " submit again in 1500 ms");
  }

  @Test
  void readsItsSettingsAndRefusesALimitBelowOne() {
    TaskAdmission configured =
        TaskAdmission.fromConfig(
            ConfigFactory.parseString(
                "max-running = 5, max-submitting = 7, overload-retry-after = 2s"));
    assertThat(configured.limit()).isEqualTo(5);
    assertThat(configured.refusal()).contains("(limit 5)", "(limit 7)");
    assertThat(configured.retryAfter()).isEqualTo(Duration.ofSeconds(2));

    assertThatThrownBy(() -> new TaskAdmission(0, 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-running must be at least 1");
    assertThatThrownBy(() -> new TaskAdmission(1, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-submitting must be at least 1");
  }
}
