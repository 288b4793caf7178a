package ai.maily.mesh.canvas.live;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Puts one stream's events in order, each once, whichever path brought them: an event that comes
 * before the one expected is a duplicate and dropped; one that comes after is held until the gap
 * before it is filled, which a reader does from the journal.
 */
final class Sequencer {

  private final int maxHeld;
  private final NavigableMap<Long, StreamEvent> held = new TreeMap<>();
  private long lastSeq;

  /** Expects the event after {@code lastSeq}, and holds at most {@code maxHeld} after a gap. */
  Sequencer(long lastSeq, int maxHeld) {
    this.lastSeq = lastSeq;
    this.maxHeld = maxHeld;
  }

  /**
   * The events that are now next in order, starting with {@code event} if it is the one expected.
   */
  List<StreamEvent> offer(StreamEvent event) {
    if (event.seq() <= lastSeq) {
      return List.of();
    }
    if (event.seq() > lastSeq + 1) {
      held.putIfAbsent(event.seq(), event);
      if (held.size() > maxHeld) {
        // The oldest held events stay: they are the ones a fill reaches first.
        held.pollLastEntry();
      }
      return List.of();
    }
    List<StreamEvent> ready = new ArrayList<>();
    ready.add(event);
    lastSeq = event.seq();
    for (StreamEvent next = held.remove(lastSeq + 1);
        next != null;
        next = held.remove(lastSeq + 1)) {
      ready.add(next);
      lastSeq = next.seq();
    }
    held.headMap(lastSeq, true).clear();
    return ready;
  }

  /** Whether events after a gap wait for it to be filled. */
  boolean hasGap() {
    return !held.isEmpty();
  }

  /** The position of the last event given out in order. */
  long lastSeq() {
    return lastSeq;
  }
}
