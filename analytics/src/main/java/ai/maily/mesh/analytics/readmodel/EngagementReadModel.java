package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.predict.HourOfWeekCounts;
import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.StoredEvent;
import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engagement read models, in the node's database, kept by projecting the {@link
 * EngagementStore} in offset order (ADR 0035):
 *
 * <pre>
 * analytics_campaign_counts  (tenant, campaign_id, channel, sent, delivered, opens, unique_opens,
 *                             clicks, unique_clicks, bounces, unsubscribes, complaints);
 *                             channel '*' holds the campaign's counts over every channel
 * analytics_campaign_contact (tenant, campaign_id, channel, contact_id, opened, clicked,
 *                             sent_hour): who has opened or clicked already, for the unique
 *                             counts; on channel '*', the hour of the week the campaign was sent
 * analytics_contact_hour     (tenant, contact_id, hour_of_week, sends, opens, clicks): each
 *                             contact's engagement by the hour of the week (UTC) it happened
 * analytics_send_hour        (tenant, contact_id, hour_of_week, sends, opened): sends by the hour
 *                             they went out, and how many of them the contact opened (the
 *                             campaign's first open counts for the hour of its send)
 * analytics_campaign         (tenant, campaign_id, last_event_at): when the campaign's latest
 *                             counted event occurred, in epoch milliseconds
 * analytics_campaign_hour    (tenant, campaign_id, bucket_hour, the counts): the campaign's counts by the
 *                             UTC hour its events occurred in (bucket_hour = epoch seconds / 3600); a
 *                             unique open or click counts in the hour of the contact's first one
 * analytics_segment_counts   (tenant, segment, campaign_id, the counts): the campaign's counts
 *                             among events whose attributes name the segment
 * analytics_hour_of_week     (tenant, campaign_id, hour_of_week, sends, opens, clicks, opened):
 *                             sends, opens and clicks by the hour of the week (UTC) they occurred
 *                             in, and the sends whose campaign the contact opened, by the hour of
 *                             the send; campaign_id '' holds the tenant's, with or without campaign
 * analytics_projection_offset (name, last_offset): the last store offset each projection applied
 * </pre>
 *
 * <p>{@link #project} applies a batch of events and moves the offset in one transaction that starts
 * by locking the offset's row, so every event is counted exactly once — through restarts, and with
 * several nodes projecting into one database. Within the transaction, the batch's additions are
 * summed in memory and each touched row is written once.
 */
public final class EngagementReadModel implements Projection, AutoCloseable {

  /** The name of the projection's offset row. */
  public static final String PROJECTION = "engagement-read-model";

  static final String ALL = "*";
  static final String COUNTS = "analytics_campaign_counts";
  static final String CONTACTS = "analytics_campaign_contact";
  static final String HOURS = "analytics_contact_hour";
  static final String SEND_HOURS = "analytics_send_hour";
  static final String CAMPAIGNS = "analytics_campaign";
  static final String CAMPAIGN_HOURS = "analytics_campaign_hour";
  static final String SEGMENTS = "analytics_segment_counts";
  static final String WEEK_HOURS = "analytics_hour_of_week";
  // The key of the tenant's row in analytics_hour_of_week: campaign ids are never blank.
  static final String TENANT_WIDE = "";
  static final long SECONDS_PER_HOUR = 3600;
  static final List<String> COUNTERS =
      List.of(
          "sent",
          "delivered",
          "opens",
          "unique_opens",
          "clicks",
          "unique_clicks",
          "bounces",
          "unsubscribes",
          "complaints");
  private static final String COUNTER_COLUMNS =
      " sent BIGINT NOT NULL, delivered BIGINT NOT NULL, opens BIGINT NOT NULL,"
          + " unique_opens BIGINT NOT NULL, clicks BIGINT NOT NULL, unique_clicks BIGINT NOT NULL,"
          + " bounces BIGINT NOT NULL, unsubscribes BIGINT NOT NULL, complaints BIGINT NOT NULL,";

  private final HikariDataSource pool;

  private EngagementReadModel(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Opens a pool of {@code poolSize} connections on {@code database} and creates the tables where
   * they are missing.
   *
   * @throws IllegalStateException if the database cannot be reached or the tables not created
   */
  public static EngagementReadModel open(Database database, int poolSize) {
    List<String> schema =
        new ArrayList<>(
            List.of(
                "CREATE TABLE IF NOT EXISTS "
                    + COUNTS
                    + " (tenant VARCHAR(128) NOT NULL, campaign_id VARCHAR(128) NOT NULL,"
                    + " channel VARCHAR(16) NOT NULL, sent BIGINT NOT NULL, delivered BIGINT NOT NULL,"
                    + " opens BIGINT NOT NULL, unique_opens BIGINT NOT NULL, clicks BIGINT NOT NULL,"
                    + " unique_clicks BIGINT NOT NULL, bounces BIGINT NOT NULL,"
                    + " unsubscribes BIGINT NOT NULL, complaints BIGINT NOT NULL,"
                    + " PRIMARY KEY (tenant, campaign_id, channel))",
                "CREATE TABLE IF NOT EXISTS "
                    + CONTACTS
                    + " (tenant VARCHAR(128) NOT NULL, campaign_id VARCHAR(128) NOT NULL,"
                    + " channel VARCHAR(16) NOT NULL, contact_id VARCHAR(128) NOT NULL,"
                    + " opened BOOLEAN NOT NULL, clicked BOOLEAN NOT NULL, sent_hour INT,"
                    + " PRIMARY KEY (tenant, campaign_id, channel, contact_id))",
                "CREATE TABLE IF NOT EXISTS "
                    + SEND_HOURS
                    + " (tenant VARCHAR(128) NOT NULL, contact_id VARCHAR(128) NOT NULL,"
                    + " hour_of_week INT NOT NULL, sends BIGINT NOT NULL, opened BIGINT NOT NULL,"
                    + " PRIMARY KEY (tenant, contact_id, hour_of_week))",
                "CREATE TABLE IF NOT EXISTS "
                    + HOURS
                    + " (tenant VARCHAR(128) NOT NULL, contact_id VARCHAR(128) NOT NULL,"
                    + " hour_of_week INT NOT NULL, sends BIGINT NOT NULL, opens BIGINT NOT NULL,"
                    + " clicks BIGINT NOT NULL, PRIMARY KEY (tenant, contact_id, hour_of_week))",
                "CREATE TABLE IF NOT EXISTS "
                    + CAMPAIGNS
                    + " (tenant VARCHAR(128) NOT NULL, campaign_id VARCHAR(128) NOT NULL,"
                    + " last_event_at BIGINT NOT NULL, PRIMARY KEY (tenant, campaign_id))",
                "CREATE TABLE IF NOT EXISTS "
                    + CAMPAIGN_HOURS
                    + " (tenant VARCHAR(128) NOT NULL, campaign_id VARCHAR(128) NOT NULL,"
                    + " bucket_hour BIGINT NOT NULL,"
                    + COUNTER_COLUMNS
                    + " PRIMARY KEY (tenant, campaign_id, bucket_hour))",
                "CREATE TABLE IF NOT EXISTS "
                    + SEGMENTS
                    + " (tenant VARCHAR(128) NOT NULL, segment VARCHAR(128) NOT NULL,"
                    + " campaign_id VARCHAR(128) NOT NULL,"
                    + COUNTER_COLUMNS
                    + " PRIMARY KEY (tenant, segment, campaign_id))",
                "CREATE TABLE IF NOT EXISTS "
                    + WEEK_HOURS
                    + " (tenant VARCHAR(128) NOT NULL, campaign_id VARCHAR(128) NOT NULL,"
                    + " hour_of_week INT NOT NULL, sends BIGINT NOT NULL, opens BIGINT NOT NULL,"
                    + " clicks BIGINT NOT NULL, opened BIGINT NOT NULL,"
                    + " PRIMARY KEY (tenant, campaign_id, hour_of_week))"));
    schema.addAll(ProjectionOffsets.create(database.engine(), PROJECTION));
    return new EngagementReadModel(
        ConnectionPools.open(
            "analytics-read-model",
            database.url(),
            database.user(),
            database.password(),
            poolSize,
            schema.toArray(String[]::new)));
  }

  /**
   * Applies up to {@code limit} events of {@code store} that follow the read model's offset, and
   * moves the offset past them, in one transaction. The batch's additions are gathered in memory
   * and written with one statement per touched row, in JDBC batches; the per-contact flags the
   * unique counts need are read for the whole batch at once ({@link ContactFlags}).
   *
   * @return how many events were applied (0 when the read model is up to date), the offset reached,
   *     and the campaigns whose counts changed
   * @throws IllegalStateException when the database fails; nothing was applied
   */
  @Override
  public ProjectedBatch project(EngagementStore store, int limit) {
    return ProjectionOffsets.project(
        pool,
        PROJECTION,
        "project the engagement events",
        store,
        limit,
        (connection, events) -> {
          ContactFlags flags =
              ContactFlags.read(connection, CONTACTS, CountsBatch.flagKeys(events));
          CountsBatch batch = new CountsBatch();
          for (StoredEvent stored : events) {
            batch.add(stored.event(), flags);
          }
          flags.write(connection);
          return batch.write(connection);
        });
  }

  /** The last store offset the read model has applied. */
  public long offset() {
    try (Connection connection = pool.getConnection()) {
      return ProjectionOffsets.read(connection, PROJECTION, false);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the read model's offset", e);
    }
  }

  /** The counts of a tenant's campaign, or empty when it has no engagement. */
  public Optional<CampaignAnalytics> campaign(String tenant, String campaignId) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT channel, sent, delivered, opens, unique_opens, clicks, unique_clicks,"
                    + " bounces, unsubscribes, complaints FROM "
                    + COUNTS
                    + " WHERE tenant = ? AND campaign_id = ?")) {
      long offset = ProjectionOffsets.read(connection, PROJECTION, false);
      select.setString(1, tenant);
      select.setString(2, campaignId);
      EngagementCounts total = null;
      Map<Channel, EngagementCounts> byChannel = new EnumMap<>(Channel.class);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          EngagementCounts counts = counts(rows, 2);
          String channel = rows.getString(1);
          if (ALL.equals(channel)) {
            total = counts;
          } else {
            Channel.fromWireName(channel).ifPresent(c -> byChannel.put(c, counts));
          }
        }
      }
      return total == null
          ? Optional.empty()
          : Optional.of(new CampaignAnalytics(campaignId, total, byChannel, offset));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read campaign " + campaignId, e);
    }
  }

  /** A tenant's contact's engagement by hour of the week, or empty when it has none. */
  public Optional<ContactSummary> contact(String tenant, String contactId) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT hour_of_week, sends, opens, clicks FROM "
                    + HOURS
                    + " WHERE tenant = ? AND contact_id = ?")) {
      select.setString(1, tenant);
      select.setString(2, contactId);
      long[] sends = new long[HourOfWeek.HOURS];
      long[] opens = new long[HourOfWeek.HOURS];
      long[] clicks = new long[HourOfWeek.HOURS];
      boolean any = false;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          any = true;
          int hour = rows.getInt(1);
          sends[hour] = rows.getLong(2);
          opens[hour] = rows.getLong(3);
          clicks[hour] = rows.getLong(4);
        }
      }
      return any
          ? Optional.of(
              new ContactSummary(
                  contactId, sum(sends), sum(opens), sum(clicks), sends, opens, clicks))
          : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("could not read contact " + contactId, e);
    }
  }

  /**
   * Sends by the hour of the week they went out and how many of them were opened: of one contact of
   * the tenant, or (when {@code contactId} is empty) of all its contacts.
   */
  public HourOfWeekCounts sendHours(String tenant, Optional<String> contactId) {
    int[] sends = new int[HourOfWeek.HOURS];
    int[] opened = new int[HourOfWeek.HOURS];
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT hour_of_week, SUM(sends), SUM(opened) FROM "
                    + SEND_HOURS
                    + " WHERE tenant = ?"
                    + (contactId.isPresent() ? " AND contact_id = ?" : "")
                    + " GROUP BY hour_of_week")) {
      select.setString(1, tenant);
      if (contactId.isPresent()) {
        select.setString(2, contactId.get());
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          int hour = rows.getInt(1);
          sends[hour] = Math.toIntExact(rows.getLong(2));
          opened[hour] = Math.toIntExact(rows.getLong(3));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the send hours of " + tenant, e);
    }
    return new HourOfWeekCounts(sends, opened);
  }

  /** The counts of each of the tenant's campaigns over every channel, by campaign id. */
  public List<EngagementCounts> campaigns(String tenant) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT sent, delivered, opens, unique_opens, clicks, unique_clicks, bounces,"
                    + " unsubscribes, complaints FROM "
                    + COUNTS
                    + " WHERE tenant = ? AND channel = ? ORDER BY campaign_id")) {
      select.setString(1, tenant);
      select.setString(2, ALL);
      List<EngagementCounts> campaigns = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          campaigns.add(counts(rows, 1));
        }
      }
      return campaigns;
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the campaigns of " + tenant, e);
    }
  }

  /**
   * The tenant's campaigns with counted engagement, the one whose latest event occurred last first,
   * at most {@code limit}.
   */
  public List<CampaignSummary> recentCampaigns(String tenant, int limit) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT c.campaign_id, c.last_event_at, k.sent, k.delivered, k.opens,"
                    + " k.unique_opens, k.clicks, k.unique_clicks, k.bounces, k.unsubscribes,"
                    + " k.complaints FROM "
                    + CAMPAIGNS
                    + " c JOIN "
                    + COUNTS
                    + " k ON k.tenant = c.tenant AND k.campaign_id = c.campaign_id"
                    + " AND k.channel = ? WHERE c.tenant = ?"
                    + " ORDER BY c.last_event_at DESC, c.campaign_id LIMIT ?")) {
      select.setString(1, ALL);
      select.setString(2, tenant);
      select.setInt(3, limit);
      List<CampaignSummary> campaigns = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          campaigns.add(
              new CampaignSummary(
                  rows.getString(1), counts(rows, 3), Instant.ofEpochMilli(rows.getLong(2))));
        }
      }
      return campaigns;
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the recent campaigns of " + tenant, e);
    }
  }

  /** When the latest counted event of the tenant's campaign occurred, or empty when it has none. */
  public Optional<Instant> lastEventAt(String tenant, String campaignId) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_event_at FROM "
                    + CAMPAIGNS
                    + " WHERE tenant = ? AND campaign_id = ?")) {
      select.setString(1, tenant);
      select.setString(2, campaignId);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(Instant.ofEpochMilli(row.getLong(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read campaign " + campaignId, e);
    }
  }

  /**
   * The counts by UTC hour of the tenant's campaign, or (when {@code campaignId} is empty) of all
   * its campaigns: one bucket per hour that has events and overlaps [{@code from}, {@code to}),
   * oldest first.
   */
  public List<BucketCounts> hours(
      String tenant, Optional<String> campaignId, Instant from, Instant to) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT bucket_hour, SUM(sent), SUM(delivered), SUM(opens), SUM(unique_opens),"
                    + " SUM(clicks), SUM(unique_clicks), SUM(bounces), SUM(unsubscribes),"
                    + " SUM(complaints) FROM "
                    + CAMPAIGN_HOURS
                    + " WHERE tenant = ?"
                    + (campaignId.isPresent() ? " AND campaign_id = ?" : "")
                    + " AND bucket_hour >= ? AND bucket_hour < ? GROUP BY bucket_hour ORDER BY bucket_hour")) {
      int p = 0;
      select.setString(++p, tenant);
      if (campaignId.isPresent()) {
        select.setString(++p, campaignId.get());
      }
      select.setLong(++p, Math.floorDiv(from.getEpochSecond(), SECONDS_PER_HOUR));
      select.setLong(++p, -Math.floorDiv(-to.getEpochSecond(), SECONDS_PER_HOUR));
      List<BucketCounts> buckets = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          buckets.add(
              new BucketCounts(
                  Instant.ofEpochSecond(rows.getLong(1) * SECONDS_PER_HOUR), counts(rows, 2)));
        }
      }
      return buckets;
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the hourly counts of " + tenant, e);
    }
  }

  /**
   * The 168 hours of the week (UTC) of the tenant's campaign, or (when {@code campaignId} is empty)
   * of the tenant, hour 0 first; hours without events have zeros.
   */
  public List<HeatmapCell> heatmap(String tenant, Optional<String> campaignId) {
    long[][] cells = new long[HourOfWeek.HOURS][4];
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT hour_of_week, sends, opens, clicks, opened FROM "
                    + WEEK_HOURS
                    + " WHERE tenant = ? AND campaign_id = ?")) {
      select.setString(1, tenant);
      select.setString(2, campaignId.orElse(TENANT_WIDE));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long[] cell = cells[rows.getInt(1)];
          for (int i = 0; i < cell.length; i++) {
            cell[i] = rows.getLong(i + 2);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the hours of the week of " + tenant, e);
    }
    List<HeatmapCell> heatmap = new ArrayList<>(HourOfWeek.HOURS);
    for (int hour = 0; hour < HourOfWeek.HOURS; hour++) {
      long[] cell = cells[hour];
      heatmap.add(new HeatmapCell(hour, cell[0], cell[1], cell[2], cell[3]));
    }
    return heatmap;
  }

  /**
   * The counts of the tenant's segment in each campaign it has engagement in, by campaign id in
   * order; empty when the segment has none.
   */
  public Map<String, EngagementCounts> segment(String tenant, String segment) {
    return segmentCounts(
        "campaign_id", "segment = ?", tenant, segment, "the segment " + segment + " of " + tenant);
  }

  /**
   * The counts of each of the tenant's segments, in one campaign or (when {@code campaignId} is
   * empty) over all of them, by segment in order.
   */
  public Map<String, EngagementCounts> segments(String tenant, Optional<String> campaignId) {
    return campaignId.isPresent()
        ? segmentCounts(
            "segment", "campaign_id = ?", tenant, campaignId.get(), "the segments of " + tenant)
        : segmentCounts("segment", "1 = 1", tenant, null, "the segments of " + tenant);
  }

  private Map<String, EngagementCounts> segmentCounts(
      String by, String condition, String tenant, String value, String what) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT "
                    + by
                    + ", SUM(sent), SUM(delivered), SUM(opens), SUM(unique_opens), SUM(clicks),"
                    + " SUM(unique_clicks), SUM(bounces), SUM(unsubscribes), SUM(complaints) FROM "
                    + SEGMENTS
                    + " WHERE tenant = ? AND "
                    + condition
                    + " GROUP BY "
                    + by
                    + " ORDER BY "
                    + by)) {
      select.setString(1, tenant);
      if (value != null) {
        select.setString(2, value);
      }
      Map<String, EngagementCounts> counts = new LinkedHashMap<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), counts(rows, 2));
        }
      }
      return counts;
    } catch (SQLException e) {
      throw new IllegalStateException("could not read " + what, e);
    }
  }

  private static EngagementCounts counts(ResultSet row, int first) throws SQLException {
    return new EngagementCounts(
        row.getLong(first),
        row.getLong(first + 1),
        row.getLong(first + 2),
        row.getLong(first + 3),
        row.getLong(first + 4),
        row.getLong(first + 5),
        row.getLong(first + 6),
        row.getLong(first + 7),
        row.getLong(first + 8));
  }

  /** The tenant's counts over all its campaigns and channels. */
  public EngagementCounts tenantTotals(String tenant) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT SUM(sent), SUM(delivered), SUM(opens), SUM(unique_opens), SUM(clicks),"
                    + " SUM(unique_clicks), SUM(bounces), SUM(unsubscribes), SUM(complaints) FROM "
                    + COUNTS
                    + " WHERE tenant = ? AND channel = ?")) {
      select.setString(1, tenant);
      select.setString(2, ALL);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return counts(row, 1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the totals of " + tenant, e);
    }
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }

  @Override
  public void close() {
    pool.close();
  }
}
