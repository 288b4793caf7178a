package ai.maily.mesh.analytics.event;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An engagement event's JSON, the same over AMQP, REST and gRPC: {@code {eventId, tenant,
 * contactId, campaignId?, channel, type, occurredAt, attributes?}}. Reading reports every problem
 * of an event at once, each naming its field.
 */
public final class EngagementJson {

  /** Longest id (event, tenant, contact, campaign) accepted, in characters. */
  public static final int MAX_ID_LENGTH = 128;

  /** Largest {@code attributes} object accepted, as compact JSON in UTF-8 bytes. */
  public static final int MAX_ATTRIBUTES_BYTES = 4096;

  /** The attribute that names the segment an event's contact was reached in. */
  public static final String SEGMENT = "segment";

  private static final Set<String> FIELDS =
      Set.of(
          "eventId",
          "tenant",
          "contactId",
          "campaignId",
          "channel",
          "type",
          "occurredAt",
          "attributes");

  /** What reading one event gave: the event, or everything wrong with it. */
  public sealed interface Read {}

  /** A valid event. */
  public record Valid(EngagementEvent event) implements Read {}

  /** An invalid event and its violations, each naming a field under the event's path. */
  public record Invalid(List<Problem.Violation> violations) implements Read {
    public Invalid {
      violations = List.copyOf(violations);
    }
  }

  private EngagementJson() {}

  /**
   * Reads one event from a message body, which must name its tenant (AMQP carries no token). Fields
   * are named as they are in the body ({@code channel}, not {@code events[0].channel}).
   */
  public static Read read(byte[] body) {
    JsonNode item;
    try {
      item = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      String reason =
          e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      return new Invalid(List.of(new Problem.Violation("", "not valid JSON: " + reason)));
    }
    return read(item, "", Optional.empty());
  }

  /**
   * Reads one event.
   *
   * @param item the event's JSON
   * @param path what the event's fields are named under, e.g. {@code events[3]}; empty for none
   * @param callerTenant the tenant of an event that names none (the caller's, from its token);
   *     empty when the event must name its own
   */
  public static Read read(JsonNode item, String path, Optional<String> callerTenant) {
    List<Problem.Violation> violations = new ArrayList<>();
    if (item == null || !item.isObject()) {
      violations.add(new Problem.Violation(path, "must be a JSON object"));
      return new Invalid(violations);
    }
    item.fieldNames()
        .forEachRemaining(
            field -> {
              if (!FIELDS.contains(field)) {
                violations.add(
                    new Problem.Violation(
                        field(path, field), "unknown field; allowed: " + sorted(FIELDS)));
              }
            });
    String eventId = id(item, path, "eventId", true, violations);
    String tenant =
        callerTenant.isPresent() && absent(item, "tenant")
            ? callerTenant.get()
            : id(item, path, "tenant", true, violations);
    String contactId = id(item, path, "contactId", true, violations);
    String campaignId = id(item, path, "campaignId", false, violations);
    Optional<Channel> channel =
        name(item, path, "channel", violations, Channel::fromWireName, Channel.values());
    Optional<EngagementType> type =
        name(item, path, "type", violations, EngagementType::fromWireName, EngagementType.values());
    if (channel.isPresent() && type.isPresent() && !channel.get().types().contains(type.get())) {
      violations.add(
          new Problem.Violation(
              field(path, "type"),
              "channel '"
                  + channel.get().wireName()
                  + "' has no '"
                  + type.get().wireName()
                  + "'; it has "
                  + channel.get().types().stream()
                      .map(EngagementType::wireName)
                      .sorted()
                      .toList()));
    }
    Instant occurredAt = instant(item, path, violations);
    String attributes = attributes(item, path, violations);
    if (!violations.isEmpty()) {
      return new Invalid(violations);
    }
    return new Valid(
        new EngagementEvent(
            eventId,
            tenant,
            contactId,
            campaignId,
            channel.orElseThrow(),
            type.orElseThrow(),
            occurredAt,
            attributes));
  }

  /** The event as JSON, which {@link #read(byte[])} reads back to an equal event. */
  public static ObjectNode toJson(EngagementEvent event) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("eventId", event.eventId());
    json.put("tenant", event.tenant());
    json.put("contactId", event.contactId());
    if (event.campaignId() != null) {
      json.put("campaignId", event.campaignId());
    }
    json.put("channel", event.channel().wireName());
    json.put("type", event.type().wireName());
    json.put("occurredAt", event.occurredAt().toString());
    try {
      json.set("attributes", Json.MAPPER.readTree(event.attributes()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's attributes are not JSON: " + e.getMessage(), e);
    }
    return json;
  }

  /** {@link #toJson} as UTF-8 bytes: the body of the event's AMQP message. */
  public static byte[] toBytes(EngagementEvent event) {
    return Json.bytes(toJson(event));
  }

  private static boolean absent(JsonNode item, String name) {
    return !item.has(name) || item.get(name).isNull();
  }

  private static String id(
      JsonNode item, String path, String name, boolean required, List<Problem.Violation> out) {
    if (absent(item, name)) {
      if (required) {
        out.add(new Problem.Violation(field(path, name), "is required"));
      }
      return null;
    }
    JsonNode value = item.get(name);
    String text = value.isTextual() ? value.asText() : null;
    if (text == null
        || text.isBlank()
        || text.length() > MAX_ID_LENGTH
        || text.chars().anyMatch(Character::isISOControl)) {
      out.add(
          new Problem.Violation(
              field(path, name),
              "must be a non-blank string of at most "
                  + MAX_ID_LENGTH
                  + " characters without control characters"));
      return null;
    }
    return text;
  }

  private static <T extends Enum<T>> Optional<T> name(
      JsonNode item,
      String path,
      String name,
      List<Problem.Violation> out,
      Function<String, Optional<T>> parse,
      T[] values) {
    String allowed =
        Arrays.stream(values)
            .map(value -> value.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    if (absent(item, name)) {
      out.add(new Problem.Violation(field(path, name), "is required; one of: " + allowed));
      return Optional.empty();
    }
    JsonNode value = item.get(name);
    Optional<T> parsed = value.isTextual() ? parse.apply(value.asText()) : Optional.empty();
    if (parsed.isEmpty()) {
      out.add(new Problem.Violation(field(path, name), "must be one of: " + allowed));
    }
    return parsed;
  }

  private static Instant instant(JsonNode item, String path, List<Problem.Violation> out) {
    String name = "occurredAt";
    if (absent(item, name)) {
      out.add(new Problem.Violation(field(path, name), "is required"));
      return null;
    }
    JsonNode value = item.get(name);
    if (value.isTextual()) {
      try {
        return OffsetDateTime.parse(value.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant()
            .truncatedTo(ChronoUnit.MILLIS);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    out.add(
        new Problem.Violation(
            field(path, name),
            "must be an RFC 3339 date-time with an offset, e.g. 2026-03-01T09:30:00Z"));
    return null;
  }

  private static String attributes(JsonNode item, String path, List<Problem.Violation> out) {
    if (absent(item, "attributes")) {
      return "{}";
    }
    JsonNode value = item.get("attributes");
    if (!value.isObject()) {
      out.add(new Problem.Violation(field(path, "attributes"), "must be a JSON object"));
      return null;
    }
    id(value, field(path, "attributes"), SEGMENT, false, out);
    String text = value.toString();
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_ATTRIBUTES_BYTES) {
      out.add(
          new Problem.Violation(
              field(path, "attributes"),
              "must be at most " + MAX_ATTRIBUTES_BYTES + " bytes as compact JSON"));
      return null;
    }
    return text;
  }

  /**
   * The segment an event's {@code attributes} name ({@code attributes.segment}), when they name a
   * valid one: a non-blank string of at most {@link #MAX_ID_LENGTH} characters without control
   * characters, as {@link #read} requires.
   */
  public static Optional<String> segment(String attributes) {
    if (!attributes.contains("\"" + SEGMENT + "\"")) {
      return Optional.empty();
    }
    JsonNode value;
    try {
      value = Json.MAPPER.readTree(attributes);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    List<Problem.Violation> violations = new ArrayList<>();
    return Optional.ofNullable(id(value, "", SEGMENT, false, violations))
        .filter(segment -> violations.isEmpty());
  }

  private static String field(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
