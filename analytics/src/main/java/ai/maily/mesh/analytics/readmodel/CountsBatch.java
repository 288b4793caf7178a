package ai.maily.mesh.analytics.readmodel;

import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.ALL;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.CAMPAIGNS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.CAMPAIGN_HOURS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.COUNTERS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.COUNTS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.HOURS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.SECONDS_PER_HOUR;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.SEGMENTS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.SEND_HOURS;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.TENANT_WIDE;
import static ai.maily.mesh.analytics.readmodel.EngagementReadModel.WEEK_HOURS;

import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one batch of events adds to each of the {@link EngagementReadModel}'s counter tables,
 * gathered in memory and written with one statement per touched row (ADR 0035): the campaign counts
 * per channel (and over all, {@code *}), hourly buckets, segments, hours of the week per contact
 * and tenant, send hours credited with their first open, and each campaign's latest event.
 */
final class CountsBatch {

  private final CounterDeltas counts =
      new CounterDeltas(COUNTS, List.of("tenant", "campaign_id", "channel"), COUNTERS, Set.of());
  private final CounterDeltas contactHours =
      new CounterDeltas(
          HOURS,
          List.of("tenant", "contact_id", "hour_of_week"),
          List.of("sends", "opens", "clicks"),
          Set.of());
  private final CounterDeltas sendHours =
      new CounterDeltas(
          SEND_HOURS,
          List.of("tenant", "contact_id", "hour_of_week"),
          List.of("sends", "opened"),
          Set.of());
  private final CounterDeltas campaigns =
      new CounterDeltas(
          CAMPAIGNS,
          List.of("tenant", "campaign_id"),
          List.of("last_event_at"),
          Set.of("last_event_at"));
  private final CounterDeltas campaignHours =
      new CounterDeltas(
          CAMPAIGN_HOURS, List.of("tenant", "campaign_id", "bucket_hour"), COUNTERS, Set.of());
  private final CounterDeltas segments =
      new CounterDeltas(SEGMENTS, List.of("tenant", "segment", "campaign_id"), COUNTERS, Set.of());
  private final CounterDeltas weekHours =
      new CounterDeltas(
          WEEK_HOURS,
          List.of("tenant", "campaign_id", "hour_of_week"),
          List.of("sends", "opens", "clicks", "opened"),
          Set.of());
  private final Set<CampaignKey> touched = new LinkedHashSet<>();

  /** Writes every table's additions and answers the campaigns whose counts changed. */
  Set<CampaignKey> write(Connection connection) throws SQLException {
    for (CounterDeltas table :
        List.of(counts, contactHours, sendHours, campaigns, campaignHours, segments, weekHours)) {
      table.write(connection);
    }
    return touched;
  }

  /** The keys of the contact flags the events will read or set. */
  static Set<List<Object>> flagKeys(List<StoredEvent> events) {
    Set<List<Object>> keys = new LinkedHashSet<>();
    for (StoredEvent stored : events) {
      EngagementEvent event = stored.event();
      if (event.campaign().isEmpty()) {
        continue;
      }
      switch (event.type()) {
        case OPEN, CLICK -> {
          keys.add(contactKey(event, event.channel().wireName()));
          keys.add(contactKey(event, ALL));
        }
        case SENT -> keys.add(contactKey(event, ALL));
        default -> {
          // no flag involved
        }
      }
    }
    return keys;
  }

  private static List<Object> contactKey(EngagementEvent event, String channel) {
    return List.of(event.tenant(), event.campaignId(), channel, event.contactId());
  }

  /** Adds what {@code event} counts, reading and setting the contact's flags in {@code flags}. */
  void add(EngagementEvent event, ContactFlags flags) {
    EngagementType type = event.type();
    String hourColumn =
        switch (type) {
          case SENT -> "sends";
          case OPEN -> "opens";
          case CLICK -> "clicks";
          default -> null;
        };
    int hour = HourOfWeek.of(event.occurredAt(), ZoneOffset.UTC);
    if (hourColumn != null) {
      contactHours.add(List.of(event.tenant(), event.contactId(), hour), hourColumn, 1);
      weekHours.add(List.of(event.tenant(), TENANT_WIDE, hour), hourColumn, 1);
      if (event.campaign().isPresent()) {
        weekHours.add(List.of(event.tenant(), event.campaignId(), hour), hourColumn, 1);
      }
    }
    if (event.campaign().isEmpty()) {
      return;
    }
    String countColumn = countColumn(type);
    if (countColumn == null) {
      return;
    }
    touched.add(new CampaignKey(event.tenant(), event.campaignId()));
    List<Object> bucket =
        List.of(
            event.tenant(),
            event.campaignId(),
            Math.floorDiv(event.occurredAt().getEpochSecond(), SECONDS_PER_HOUR));
    Optional<List<Object>> segment =
        event.segment().map(name -> List.of(event.tenant(), name, event.campaignId()));
    campaigns.max(
        List.of(event.tenant(), event.campaignId()),
        "last_event_at",
        event.occurredAt().toEpochMilli());
    campaignHours.add(bucket, countColumn, 1);
    segment.ifPresent(key -> segments.add(key, countColumn, 1));
    for (String channel : List.of(event.channel().wireName(), ALL)) {
      List<Object> row = List.of(event.tenant(), event.campaignId(), channel);
      counts.add(row, countColumn, 1);
      if ((type == EngagementType.OPEN || type == EngagementType.CLICK)
          && flags.firstTime(contactKey(event, channel), type == EngagementType.OPEN)) {
        String unique = "unique_" + countColumn;
        counts.add(row, unique, 1);
        if (ALL.equals(channel)) {
          campaignHours.add(bucket, unique, 1);
          segment.ifPresent(key -> segments.add(key, unique, 1));
          if (type == EngagementType.OPEN) {
            // The campaign's first open counts for the hour it was sent to the contact, if seen.
            flags
                .sentHour(contactKey(event, ALL))
                .ifPresent(
                    sent -> {
                      sendHours.add(List.of(event.tenant(), event.contactId(), sent), "opened", 1);
                      weekHours.add(List.of(event.tenant(), TENANT_WIDE, sent), "opened", 1);
                      weekHours.add(List.of(event.tenant(), event.campaignId(), sent), "opened", 1);
                    });
          }
        }
      }
    }
    if (type == EngagementType.SENT) {
      flags.sent(contactKey(event, ALL), hour);
      sendHours.add(List.of(event.tenant(), event.contactId(), hour), "sends", 1);
    }
  }

  private static String countColumn(EngagementType type) {
    return switch (type) {
      case SENT -> "sent";
      case DELIVERED -> "delivered";
      case OPEN -> "opens";
      case CLICK -> "clicks";
      case BOUNCE -> "bounces";
      case UNSUBSCRIBE -> "unsubscribes";
      case COMPLAINT -> "complaints";
      default -> null;
    };
  }
}
