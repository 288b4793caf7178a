package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.agent.AgentEntity.Event;
import ai.maily.mesh.core.agent.AgentEntity.WorkAccepted;
import ai.maily.mesh.core.agent.AgentEntity.WorkCompleted;
import ai.maily.mesh.core.agent.AgentEntity.WorkFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent entity decided and has not written yet. An outcome goes into the next write. An
 * acceptance goes into a write only once its work has run for the acceptance-write delay without an
 * outcome (ADR 0014); one whose outcome is written with it is dropped, as the outcome implies it
 * (ADR 0017). Plain code on the times it is given, so that tests set the clock.
 */
final class UnwrittenWork {

  /**
   * The events one write takes, and when the acceptances it left are due.
   *
   * @param events the events to write, in the order they were decided
   * @param acceptancesDueIn how long until the oldest acceptance left unwritten is due; empty when
   *     none is left
   */
  record Write(List<Event> events, Optional<Duration> acceptancesDueIn) {}

  private final Duration acceptanceWriteDelay;
  private final List<Event> events = new ArrayList<>();
  private final LinkedHashMap<String, AgentRequest> acceptances = new LinkedHashMap<>();

  UnwrittenWork(Duration acceptanceWriteDelay) {
    this.acceptanceWriteDelay = acceptanceWriteDelay;
  }

  /** Records the acceptance of {@code request} at {@code at}. */
  void accept(AgentRequest request, Instant at) {
    events.add(new WorkAccepted(request, at));
    acceptances.put(request.requestId(), request);
  }

  /** Records how a piece of work ended: a {@link WorkCompleted} or a {@link WorkFailed}. */
  void finish(Event outcome) {
    if (finishedRequestId(outcome) == null) {
      throw new IllegalArgumentException("not an outcome: " + outcome);
    }
    events.add(outcome);
  }

  /** Whether {@code requestId} was accepted and its acceptance is not written yet. */
  boolean isAccepted(String requestId) {
    return acceptances.containsKey(requestId);
  }

  /** The requests accepted and not written yet, oldest first. */
  Collection<AgentRequest> acceptances() {
    return acceptances.values();
  }

  /**
   * Takes the events a write at {@code now} holds: every outcome, and each acceptance that has
   * waited the delay. An acceptance whose outcome is unwritten too is dropped; a younger one stays.
   */
  Write take(Instant now) {
    Set<String> finished = new HashSet<>();
    for (Event event : events) {
      String requestId = finishedRequestId(event);
      if (requestId != null) {
        finished.add(requestId);
      }
    }
    Instant due = now.minus(acceptanceWriteDelay);
    Instant oldestKept = null;
    List<Event> writing = new ArrayList<>();
    for (Iterator<Event> unwritten = events.iterator(); unwritten.hasNext(); ) {
      Event event = unwritten.next();
      if (event instanceof WorkAccepted accepted) {
        String requestId = accepted.request().requestId();
        boolean implied = finished.contains(requestId);
        if (!implied && accepted.at().isAfter(due)) {
          oldestKept = oldestKept == null ? accepted.at() : oldestKept;
          continue;
        }
        acceptances.remove(requestId);
        if (implied) {
          unwritten.remove();
          continue;
        }
      }
      writing.add(event);
      unwritten.remove();
    }
    return new Write(writing, Optional.ofNullable(oldestKept).map(at -> dueIn(at, due)));
  }

  /** At most the delay, should the wall clock have gone back since the acceptance. */
  private Duration dueIn(Instant acceptedAt, Instant due) {
    Duration wait = Duration.between(due, acceptedAt);
    return wait.compareTo(acceptanceWriteDelay) < 0 ? wait : acceptanceWriteDelay;
  }

  /** The request an outcome finishes; null for an acceptance. */
  static String finishedRequestId(Event event) {
    if (event instanceof WorkCompleted e) {
      return e.requestId();
    }
    if (event instanceof WorkFailed e) {
      return e.requestId();
    }
    return null;
  }
}
