package ai.maily.mesh.agents.llm;

import java.util.Optional;

/**
 * Reads a {@code text/event-stream} line by line, as the HTML standard's "server-sent events"
 * section says: {@code field: value} lines (one optional space after the colon), {@code :}
 * comments, and events dispatched at a blank line with their {@code data} lines joined by newlines.
 * An event without data is not dispatched; an event the stream ends in the middle of is never
 * dispatched. {@code id} and {@code retry} mean nothing to a one-shot answer and are skipped.
 *
 * <p>Not thread-safe: one parser per stream, fed in order.
 */
final class SseParser {

  /**
   * One event.
   *
   * @param type its {@code event} field, {@code message} when it had none
   * @param data its data lines, joined by newlines
   */
  record Event(String type, String data) {}

  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String type = "";
  private boolean firstLine = true;

  /** Takes the next line (without its line ending) and returns the event it completes, if any. */
  Optional<Event> line(String line) {
    if (firstLine) {
      firstLine = false;
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
    }
    if (line.isEmpty()) {
      return dispatch();
    }
    if (line.startsWith(":")) {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> type = value;
      default -> {
        // id, retry and unknown fields: nothing a one-shot answer uses.
      }
    }
    return Optional.empty();
  }

  private Optional<Event> dispatch() {
    Optional<Event> event =
        hasData
            ? Optional.of(new Event(type.isEmpty() ? "message" : type, data.toString()))
            : Optional.empty();
    data.setLength(0);
    hasData = false;
    type = "";
    return event;
  }
}
