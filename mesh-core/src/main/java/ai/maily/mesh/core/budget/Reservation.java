package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;

/**
 * Budget set aside for one language-model call before it is made: its estimate counts against the
 * tenant's and the task's budgets until the call is settled with what it used, or released.
 *
 * @param requestId the call's id, unique in the tenant; a reserve retried with it returns this
 *     reservation
 * @param tenant whose budget it is
 * @param taskId the task the call serves; empty for a call outside a task
 * @param model the model called, whose price counts
 * @param promptTokens the estimated prompt tokens
 * @param completionTokens the most completion tokens the call asks for
 * @param costMicros what those tokens cost at the model's price, in micros
 * @param expiresAt when an unsettled reservation expires, its estimate counted as spent
 */
public record Reservation(
    String requestId,
    String tenant,
    String taskId,
    String model,
    long promptTokens,
    long completionTokens,
    long costMicros,
    Instant expiresAt)
    implements CborSerializable {

  /** What the reservation sets aside. */
  public Usage estimate() {
    return new Usage(Math.addExact(promptTokens, completionTokens), costMicros);
  }
}
