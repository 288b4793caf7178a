package ai.maily.mesh.analytics.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of {@code analytics_campaign_contact} a batch of events needs — whether a contact has
 * opened or clicked a campaign on a channel yet, and the hour of the week the campaign was sent to
 * it — read before the batch is applied (one query per {@value #CHUNK} keys; on PostgreSQL one
 * query), changed in memory while it is, and written back with one statement per changed row in
 * JDBC batches. The unique counts stay exact because the events of a batch see the flags their
 * predecessors set.
 */
final class ContactFlags {

  /** The most keys one query asks for (4 parameters each). */
  static final int CHUNK = 250;

  private static final String COLUMNS = "tenant, campaign_id, channel, contact_id";
  private static final String POSTGRESQL = "PostgreSQL";

  private final String table;
  private final Map<List<Object>, Row> rows = new LinkedHashMap<>();

  /** One contact's flags on one campaign and channel. */
  private static final class Row {
    final boolean stored;
    boolean opened;
    boolean clicked;
    Integer sentHour;
    boolean changed;

    Row(boolean stored, boolean opened, boolean clicked, Integer sentHour) {
      this.stored = stored;
      this.opened = opened;
      this.clicked = clicked;
      this.sentHour = sentHour;
    }
  }

  private ContactFlags(String table) {
    this.table = table;
  }

  /**
   * Reads the stored rows at {@code keys} ({@code [tenant, campaignId, channel, contactId]}); the
   * others start as new rows with no flag set.
   */
  static ContactFlags read(Connection connection, String table, Collection<List<Object>> keys)
      throws SQLException {
    ContactFlags flags = new ContactFlags(table);
    if (keys.isEmpty()) {
      return flags;
    }
    if (POSTGRESQL.equals(connection.getMetaData().getDatabaseProductName())) {
      // One query, an index probe per key through a join on the keys as arrays. PostgreSQL plans
      // the
      // list of row values below as an OR of one bitmap index scan per key, and that query took
      // most of the projection's time in pg_stat_activity samples of the ingestion benchmark.
      List<List<Object>> wanted = new ArrayList<>(keys);
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT c.tenant, c.campaign_id, c.channel, c.contact_id, c.opened, c.clicked,"
                  + " c.sent_hour FROM unnest(?, ?, ?, ?) AS k ("
                  + COLUMNS
                  + ") JOIN "
                  + table
                  + " c ON c.tenant = k.tenant AND c.campaign_id = k.campaign_id"
                  + " AND c.channel = k.channel AND c.contact_id = k.contact_id")) {
        for (int part = 0; part < 4; part++) {
          Object[] column = new Object[wanted.size()];
          for (int i = 0; i < column.length; i++) {
            column[i] = wanted.get(i).get(part);
          }
          select.setArray(part + 1, connection.createArrayOf("varchar", column));
        }
        flags.collect(select);
      }
      return flags;
    }
    List<List<Object>> wanted = new ArrayList<>(keys);
    for (int from = 0; from < wanted.size(); from += CHUNK) {
      List<List<Object>> chunk = wanted.subList(from, Math.min(wanted.size(), from + CHUNK));
      StringBuilder sql =
          new StringBuilder("SELECT ")
              .append(COLUMNS)
              .append(", opened, clicked, sent_hour FROM ")
              .append(table)
              .append(" WHERE (")
              .append(COLUMNS)
              .append(") IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
      }
      sql.append(')');
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        int p = 0;
        for (List<Object> key : chunk) {
          for (Object part : key) {
            select.setObject(++p, part);
          }
        }
        flags.collect(select);
      }
    }
    return flags;
  }

  /** Keeps the rows {@code select} finds (the key's four columns, opened, clicked, sent_hour). */
  private void collect(PreparedStatement select) throws SQLException {
    try (ResultSet found = select.executeQuery()) {
      while (found.next()) {
        int hour = found.getInt(7);
        Integer sentHour = found.wasNull() ? null : hour;
        rows.put(
            List.of(found.getString(1), found.getString(2), found.getString(3), found.getString(4)),
            new Row(true, found.getBoolean(5), found.getBoolean(6), sentHour));
      }
    }
  }

  /**
   * Sets the contact's open (or click) flag at {@code key} and says whether it was not set before:
   * whether this is the contact's first open (or click) there.
   */
  boolean firstTime(List<Object> key, boolean open) {
    Row row = row(key);
    boolean first = open ? !row.opened : !row.clicked;
    if (first) {
      if (open) {
        row.opened = true;
      } else {
        row.clicked = true;
      }
      row.changed = true;
    }
    return first;
  }

  /** Notes that the campaign at {@code key} was sent to the contact in {@code hour}. */
  void sent(List<Object> key, int hour) {
    Row row = row(key);
    row.sentHour = hour;
    row.changed = true;
  }

  /** The hour of the week the campaign at {@code key} was sent to the contact, if it was. */
  Optional<Integer> sentHour(List<Object> key) {
    Row row = rows.get(key);
    return row == null ? Optional.empty() : Optional.ofNullable(row.sentHour);
  }

  /** Writes the changed rows: an UPDATE of those stored before, an INSERT of the new ones. */
  void write(Connection connection) throws SQLException {
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE "
                    + table
                    + " SET opened = ?, clicked = ?, sent_hour = ? WHERE tenant = ?"
                    + " AND campaign_id = ? AND channel = ? AND contact_id = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + table
                    + " (opened, clicked, sent_hour, "
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int updates = 0;
      int inserts = 0;
      for (Map.Entry<List<Object>, Row> entry : rows.entrySet()) {
        Row row = entry.getValue();
        if (!row.changed) {
          continue;
        }
        PreparedStatement statement = row.stored ? update : insert;
        statement.setBoolean(1, row.opened);
        statement.setBoolean(2, row.clicked);
        if (row.sentHour == null) {
          statement.setNull(3, Types.INTEGER);
        } else {
          statement.setInt(3, row.sentHour);
        }
        int p = 3;
        for (Object part : entry.getKey()) {
          statement.setObject(++p, part);
        }
        statement.addBatch();
        if (row.stored) {
          updates++;
        } else {
          inserts++;
        }
      }
      if (updates > 0) {
        update.executeBatch();
      }
      if (inserts > 0) {
        insert.executeBatch();
      }
    }
  }

  private Row row(List<Object> key) {
    return rows.computeIfAbsent(key, k -> new Row(false, false, false, null));
  }
}
