package ai.maily.mesh.core.task;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/**
 * The names of a task and of what it sends: the task id a submission gets, the entity id of a task,
 * and the request id of each attempt of its steps.
 */
public final class TaskIds {

  /** The random bits of new task ids: not guessable, as {@link UUID#randomUUID()}'s are not. */
  private static final SecureRandom TASK_ID_RANDOM = new SecureRandom();

  private TaskIds() {}

  /** The entity id of a task: {@code tenant:taskId}; canvases are named the same way. */
  public static String entityId(String tenant, String taskId) {
    return tenant + ":" + taskId;
  }

  /** The tenant of an entity id made by {@link #entityId}. */
  public static String tenantOf(String entityId) {
    return entityId.substring(0, entityId.indexOf(':'));
  }

  /** The task id (or canvas id) of an entity id made by {@link #entityId}. */
  public static String taskIdOf(String entityId) {
    return entityId.substring(entityId.indexOf(':') + 1);
  }

  /**
   * The request id of one attempt of a step: the same for the same attempt, so an attempt sent
   * again after a restart meets its first run in the agent's deduplication.
   */
  static String requestId(String entityId, String stepId, int attempt) {
    return entityId + ":" + stepId + ":" + attempt;
  }

  /**
   * The task id for a submission: derived from the idempotency key when there is one, so a
   * resubmission reaches the same entity; otherwise a new time-ordered UUID, so that the tasks
   * written at the same time sit next to each other in the journal's index.
   */
  public static String taskIdFor(String tenant, String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isEmpty()) {
      return timeOrderedUuid(System.currentTimeMillis(), TASK_ID_RANDOM).toString();
    }
    return UUID.nameUUIDFromBytes((tenant + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * A version 7 UUID (RFC 9562): the Unix time in milliseconds in its first 48 bits, then the
   * version, 74 random bits and the variant. Ids made later sort after earlier ones, to the
   * millisecond.
   */
  static UUID timeOrderedUuid(long epochMillis, Random random) {
    long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
