package ai.maily.mesh.analytics.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a batch of events adds to the counters of one read-model table, gathered by row key in
 * memory and written with one statement per touched row, in JDBC batches: an UPDATE of every row,
 * then an INSERT of the rows the UPDATE did not find. Safe because the projection, under its offset
 * lock, is the table's only writer (ADR 0035).
 */
final class CounterDeltas {

  private final String table;
  private final List<String> keys;
  private final List<String> counters;
  private final Set<String> maxima;
  private final Map<String, Integer> index = new HashMap<>();
  private final Map<List<Object>, long[]> rows = new LinkedHashMap<>();

  /**
   * @param table the table
   * @param keys the columns of its primary key
   * @param counters its counter columns; every one is added to, but those in {@code maxima}
   * @param maxima counters that keep the largest value written, not a sum
   */
  CounterDeltas(String table, List<String> keys, List<String> counters, Set<String> maxima) {
    this.table = table;
    this.keys = List.copyOf(keys);
    this.counters = List.copyOf(counters);
    this.maxima = Set.copyOf(maxima);
    for (int i = 0; i < counters.size(); i++) {
      index.put(counters.get(i), i);
    }
  }

  /** Adds {@code amount} to {@code counter} of the row at {@code key}. */
  void add(List<Object> key, String counter, long amount) {
    row(key)[column(counter)] += amount;
  }

  /** Raises {@code counter} (one of the maxima) of the row at {@code key} to {@code value}. */
  void max(List<Object> key, String counter, long value) {
    long[] row = row(key);
    int column = column(counter);
    row[column] = Math.max(row[column], value);
  }

  /** How many rows the batch touched. */
  int size() {
    return rows.size();
  }

  /** Writes the additions and forgets them. */
  void write(Connection connection) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    List<Map.Entry<List<Object>, long[]>> entries = new ArrayList<>(rows.entrySet());
    String assignments =
        counters.stream()
            .map(c -> maxima.contains(c) ? c + " = GREATEST(" + c + ", ?)" : c + " = " + c + " + ?")
            .collect(Collectors.joining(", "));
    String where = keys.stream().map(k -> k + " = ?").collect(Collectors.joining(" AND "));
    int[] updated;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE " + table + " SET " + assignments + " WHERE " + where)) {
      for (Map.Entry<List<Object>, long[]> entry : entries) {
        int p = 0;
        for (long value : entry.getValue()) {
          update.setLong(++p, value);
        }
        for (Object key : entry.getKey()) {
          update.setObject(++p, key);
        }
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    List<String> columns = new ArrayList<>(keys);
    columns.addAll(counters);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO "
                + table
                + " ("
                + String.join(", ", columns)
                + ") VALUES ("
                + columns.stream().map(c -> "?").collect(Collectors.joining(", "))
                + ")")) {
      boolean any = false;
      for (int i = 0; i < entries.size(); i++) {
        if (updated[i] > 0) {
          continue;
        }
        int p = 0;
        for (Object key : entries.get(i).getKey()) {
          insert.setObject(++p, key);
        }
        for (long value : entries.get(i).getValue()) {
          insert.setLong(++p, value);
        }
        insert.addBatch();
        any = true;
      }
      if (any) {
        insert.executeBatch();
      }
    }
    rows.clear();
  }

  private long[] row(List<Object> key) {
    if (key.size() != keys.size()) {
      throw new IllegalArgumentException(table + " is keyed by " + keys + ", not " + key);
    }
    return rows.computeIfAbsent(key, k -> new long[counters.size()]);
  }

  private int column(String counter) {
    Integer column = index.get(counter);
    if (column == null) {
      throw new IllegalArgumentException(table + " has no counter " + counter);
    }
    return column;
  }
}
