package ai.maily.mesh.analytics.bus;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message to publish: persistent, JSON.
 *
 * @param exchange where to publish; the empty name is the default exchange, which routes to the
 *     queue the routing key names
 * @param routingKey e.g. {@code engagement.email.open}, {@code task.completed}
 * @param messageId the message's identity, by which consumers drop repeats: publishing is at least
 *     once
 * @param correlationId the request this message answers, if it is a reply
 * @param headers application headers
 * @param body the JSON body
 */
public record Outgoing(
    String exchange,
    String routingKey,
    String messageId,
    Optional<String> correlationId,
    Map<String, String> headers,
    byte[] body) {

  public Outgoing {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(correlationId, "correlationId");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** A message without headers that answers no request. */
  public static Outgoing of(String exchange, String routingKey, String messageId, byte[] body) {
    return new Outgoing(exchange, routingKey, messageId, Optional.empty(), Map.of(), body);
  }
}
