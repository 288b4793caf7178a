package ai.maily.mesh.analytics.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One engagement of a contact on a channel, as it is stored and counted. Clients' JSON becomes one
 * through {@link EngagementJson#read}, which validates every field; two events of a tenant with the
 * same {@code eventId} are the same event, however often it arrives.
 *
 * @param eventId the sender's id of the event, unique within the tenant
 * @param tenant whose event it is
 * @param contactId who engaged
 * @param campaignId the campaign the engagement belongs to; null for engagement outside one (a web
 *     visit)
 * @param channel where it happened
 * @param type what happened; one of {@link Channel#types()}
 * @param occurredAt when, to the millisecond
 * @param attributes a JSON object of anything else the sender knows (a link, a user agent), as text
 */
public record EngagementEvent(
    String eventId,
    String tenant,
    String contactId,
    String campaignId,
    Channel channel,
    EngagementType type,
    Instant occurredAt,
    String attributes) {

  public EngagementEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(attributes, "attributes");
    if (!channel.types().contains(type)) {
      throw new IllegalArgumentException(channel + " has no " + type);
    }
  }

  /** The campaign, when the engagement belongs to one. */
  public Optional<String> campaign() {
    return Optional.ofNullable(campaignId);
  }

  /** The segment its contact was reached in ({@code attributes.segment}), when it names one. */
  public Optional<String> segment() {
    return EngagementJson.segment(attributes);
  }

  /** The AMQP routing key of this event on the engagement exchange. */
  public String routingKey() {
    return routingKey(channel, type);
  }

  /** {@code engagement.<channel>.<type>}, e.g. {@code engagement.email.open}. */
  public static String routingKey(Channel channel, EngagementType type) {
    return "engagement." + channel.wireName() + "." + type.wireName();
  }
}
