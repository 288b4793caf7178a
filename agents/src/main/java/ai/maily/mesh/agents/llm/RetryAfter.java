package ai.maily.mesh.agents.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP date. */
final class RetryAfter {

  private RetryAfter() {}

  /**
   * How long {@code value} asks to wait from {@code now}, at most {@code cap}; empty when the value
   * is neither form.
   */
  static Optional<Duration> parse(String value, Instant now, Duration cap) {
    String trimmed = value.trim();
    Duration wait;
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Beyond nine digits it is longer than any cap anyway.
      wait = trimmed.length() > 9 ? cap : Duration.ofSeconds(Long.parseLong(trimmed));
    } else {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.of(wait.compareTo(cap) > 0 ? cap : wait);
  }
}
