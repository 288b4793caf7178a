package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.budget.BudgetLedger.Event;
import ai.maily.mesh.core.budget.BudgetLedger.Expired;
import ai.maily.mesh.core.budget.BudgetLedger.Released;
import ai.maily.mesh.core.budget.BudgetLedger.Reserved;
import ai.maily.mesh.core.budget.BudgetLedger.Settled;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's ledger, folded from its {@link BudgetLedger} events and changed only by {@link
 * #apply}: what the tenant used in its current period, the reservations still open, the use of its
 * recent tasks, and how its recent reservations ended.
 *
 * <p>Use counts in the period of the event that records it (a settlement, an expiry). A
 * reservation's estimate counts as reserved while it is open; once it is past its expiry it counts
 * as used, in what the state answers at once and in the {@link Expired} event that follows.
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class LedgerState implements CborSerializable {

  /** How a reservation ended. */
  enum Outcome {
    SETTLED,
    RELEASED,
    EXPIRED
  }

  /**
   * A reservation that ended.
   *
   * @param counted what it counts as used now: the actual use once settled, the estimate once
   *     expired, nothing once released
   */
  record Ended(String taskId, Outcome outcome, Usage counted) implements CborSerializable {}

  /**
   * The sums a decision or a view needs, at an instant.
   *
   * @param taskUsed and {@code taskReserved} are nothing for a call outside a task
   */
  record Totals(Usage tenantUsed, Usage tenantReserved, Usage taskUsed, Usage taskReserved) {}

  private String period = "";
  private Usage periodUse = Usage.NONE;
  private LinkedHashMap<String, Reservation> open = new LinkedHashMap<>();
  private LinkedHashMap<String, Ended> ended = new LinkedHashMap<>();
  // By last activity, oldest first.
  private LinkedHashMap<String, Usage> tasks = new LinkedHashMap<>();

  Optional<Reservation> open(String requestId) {
    return Optional.ofNullable(open.get(requestId));
  }

  Optional<Ended> ended(String requestId) {
    return Optional.ofNullable(ended.get(requestId));
  }

  int openCount() {
    return open.size();
  }

  /** The open reservations whose expiry is at or before {@code now}, oldest first. */
  List<String> dueAt(Instant now) {
    List<String> due = new ArrayList<>();
    open.forEach(
        (id, reservation) -> {
          if (!reservation.expiresAt().isAfter(now)) {
            due.add(id);
          }
        });
    return due;
  }

  /** When the next open reservation expires, if any is open. */
  Optional<Instant> nextExpiry() {
    return open.values().stream().map(Reservation::expiresAt).min(Instant::compareTo);
  }

  /**
   * The tenant's and {@code taskId}'s use and reservations at {@code now}, as they will be once
   * every reservation due by then has expired: a new period starts from nothing, and a reservation
   * past its expiry counts as used.
   */
  Totals totals(String taskId, Instant now, BudgetPeriod kind) {
    Usage tenantUsed = kind.keyOf(now).equals(period) ? periodUse : Usage.NONE;
    Usage tenantReserved = Usage.NONE;
    Usage taskUsed = taskId.isEmpty() ? Usage.NONE : tasks.getOrDefault(taskId, Usage.NONE);
    Usage taskReserved = Usage.NONE;
    for (Reservation reservation : open.values()) {
      boolean due = !reservation.expiresAt().isAfter(now);
      boolean ofTask = !taskId.isEmpty() && reservation.taskId().equals(taskId);
      if (due) {
        tenantUsed = tenantUsed.plus(reservation.estimate());
        taskUsed = ofTask ? taskUsed.plus(reservation.estimate()) : taskUsed;
      } else {
        tenantReserved = tenantReserved.plus(reservation.estimate());
        taskReserved = ofTask ? taskReserved.plus(reservation.estimate()) : taskReserved;
      }
    }
    return new Totals(tenantUsed, tenantReserved, taskUsed, taskReserved);
  }

  LedgerState apply(Event event, BudgetSettings settings) {
    String eventPeriod = settings.period().keyOf(event.at());
    if (!eventPeriod.equals(period)) {
      period = eventPeriod;
      periodUse = Usage.NONE;
    }
    if (event instanceof Reserved e) {
      open.put(e.reservation().requestId(), e.reservation());
      touch(e.reservation().taskId(), Usage.NONE, settings.tasksKept());
    } else if (event instanceof Settled e) {
      onSettled(e, settings);
    } else if (event instanceof Released e) {
      onReleased(e, settings);
    } else if (event instanceof Expired e) {
      for (String requestId : e.requestIds()) {
        Reservation reservation = open.remove(requestId);
        if (reservation != null) {
          count(reservation.taskId(), reservation.estimate(), settings.tasksKept());
          remember(
              requestId,
              new Ended(reservation.taskId(), Outcome.EXPIRED, reservation.estimate()),
              settings.dedupWindow());
        }
      }
    }
    return this;
  }

  /**
   * Records the actual use once: in place of the reservation while it is open, in place of what its
   * end counted when it ended otherwise (an expiry's estimate, a release's nothing).
   */
  private void onSettled(Settled e, BudgetSettings settings) {
    Usage actual = new Usage(Math.addExact(e.promptTokens(), e.completionTokens()), e.costMicros());
    Reservation reservation = open.remove(e.requestId());
    Ended before = ended.get(e.requestId());
    Usage counted = reservation == null && before != null ? before.counted() : Usage.NONE;
    count(e.taskId(), actual.minus(counted), settings.tasksKept());
    remember(e.requestId(), new Ended(e.taskId(), Outcome.SETTLED, actual), settings.dedupWindow());
  }

  /** Frees an open reservation, or gives back the estimate an expiry counted. */
  private void onReleased(Released e, BudgetSettings settings) {
    Reservation reservation = open.remove(e.requestId());
    Ended before = ended.get(e.requestId());
    if (reservation == null && before == null) {
      return;
    }
    String taskId = reservation != null ? reservation.taskId() : before.taskId();
    if (reservation == null) {
      count(taskId, Usage.NONE.minus(before.counted()), settings.tasksKept());
    }
    remember(
        e.requestId(), new Ended(taskId, Outcome.RELEASED, Usage.NONE), settings.dedupWindow());
  }

  private void count(String taskId, Usage delta, int tasksKept) {
    periodUse = atLeastNone(periodUse.plus(delta));
    touch(taskId, delta, tasksKept);
  }

  /**
   * Adds {@code delta} to the task's use and makes it the most recently active; forgets the least
   * recently active tasks beyond {@code tasksKept}, except those with open reservations.
   */
  private void touch(String taskId, Usage delta, int tasksKept) {
    if (taskId.isEmpty()) {
      return;
    }
    Usage use = tasks.remove(taskId);
    tasks.put(taskId, atLeastNone((use == null ? Usage.NONE : use).plus(delta)));
    Iterator<Map.Entry<String, Usage>> oldest = tasks.entrySet().iterator();
    int excess = tasks.size() - tasksKept;
    while (excess > 0 && oldest.hasNext()) {
      String candidate = oldest.next().getKey();
      if (!candidate.equals(taskId)
          && open.values().stream().noneMatch(r -> r.taskId().equals(candidate))) {
        oldest.remove();
        excess--;
      }
    }
  }

  private void remember(String requestId, Ended end, int dedupWindow) {
    ended.remove(requestId);
    ended.put(requestId, end);
    Iterator<String> oldest = ended.keySet().iterator();
    while (ended.size() > dedupWindow && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  /** A late release or settlement can give back more than the period or task has used since. */
  private static Usage atLeastNone(Usage use) {
    return new Usage(Math.max(0, use.tokens()), Math.max(0, use.costMicros()));
  }
}
