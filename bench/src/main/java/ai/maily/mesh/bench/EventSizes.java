package ai.maily.mesh.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The payload sizes of the events a mesh wrote, by manifest, with how often each occurred; saved by
 * {@link CoordinatorBenchmark} so that {@link RawJdbcBenchmark} writes rows of the same sizes.
 */
final class EventSizes {

  /** {@code count} events of one manifest and serializer had payloads of {@code bytes}. */
  record Entry(String manifest, int serializerId, int bytes, long count) {}

  private final List<Entry> entries;
  private final long[] cumulative;

  EventSizes(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no event sizes: the journal was empty");
    }
    this.entries = List.copyOf(entries);
    this.cumulative = new long[entries.size()];
    long sum = 0;
    for (int i = 0; i < entries.size(); i++) {
      sum += entries.get(i).count();
      cumulative[i] = sum;
    }
  }

  long events() {
    return cumulative[cumulative.length - 1];
  }

  double averageBytes() {
    long bytes = 0;
    for (Entry entry : entries) {
      bytes += entry.bytes() * entry.count();
    }
    return (double) bytes / events();
  }

  /** An entry drawn with the frequency it had in the mesh's journal. */
  Entry draw(SplittableRandom random) {
    int at = Arrays.binarySearch(cumulative, random.nextLong(events()) + 1);
    return entries.get(at >= 0 ? at : -at - 1);
  }

  /** Writes one tab-separated line per entry: manifest, serializer id, bytes, count. */
  void save(Path file) {
    List<String> lines = new ArrayList<>();
    for (Entry entry : entries) {
      lines.add(
          entry.manifest()
              + "\t"
              + entry.serializerId()
              + "\t"
              + entry.bytes()
              + "\t"
              + entry.count());
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EventSizes load(Path file) {
    List<Entry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] cells = line.split("\t", -1);
        entries.add(
            new Entry(
                cells[0],
                Integer.parseInt(cells[1]),
                Integer.parseInt(cells[2]),
                Long.parseLong(cells[3])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read event sizes from "
              + file
              + "; run CoordinatorBenchmark on the same --db first",
          e);
    }
    return new EventSizes(entries);
  }
}
