package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

  @Test
  void derivesTheSameTaskIdFromTheSameIdempotencyKeyPerTenant() {
    assertThat(TaskIds.taskIdFor("acme", "k1"))
        .isEqualTo(TaskIds.taskIdFor("acme", "k1"))
        .isNotEqualTo(TaskIds.taskIdFor("other", "k1"));
    assertThat(TaskIds.taskIdFor("acme", "")).isNotEqualTo(TaskIds.taskIdFor("acme", ""));
  }

  @Test
  void aNewTaskIdIsAVersion7UuidThatSortsByTheMillisecondItWasMadeIn() {
    Random random = new Random(7);
    long millis = Instant.parse("2026-11-26T00:40:00Z").toEpochMilli();
    UUID first = TaskIds.timeOrderedUuid(millis, random);
    UUID sameMillisecond = TaskIds.timeOrderedUuid(millis, random);
    UUID next = TaskIds.timeOrderedUuid(millis + 1, random);

    assertThat(List.of(first, sameMillisecond, next))
        .allSatisfy(
            id -> {
              assertThat(id.version()).isEqualTo(7);
              assertThat(id.variant()).isEqualTo(2);
            });
    assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(millis);
    assertThat(first).isNotEqualTo(sameMillisecond);
    assertThat(next.toString())
        .isGreaterThan(first.toString())
        .isGreaterThan(sameMillisecond.toString());
    assertThat(UUID.fromString(TaskIds.taskIdFor("acme", null)).version()).isEqualTo(7);
  }

  @Test
  void anEntityIdSplitsBackIntoItsTenantAndTaskIdAndNamesEachAttempt() {
    String entityId = TaskIds.entityId("acme", "3f2a");

    assertThat(TaskIds.tenantOf(entityId)).isEqualTo("acme");
    assertThat(TaskIds.taskIdOf(entityId)).isEqualTo("3f2a");
    assertThat(TaskIds.requestId(entityId, "draft", 2)).isEqualTo("acme:3f2a:draft:2");
  }
}
