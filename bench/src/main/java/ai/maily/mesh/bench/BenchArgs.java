package ai.maily.mesh.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of the form {@code --name value}; {@code --set} may repeat. */
final class BenchArgs {

  private final Map<String, List<String>> values;

  private BenchArgs(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses {@code args}, refusing options that are not in {@code known}. */
  static BenchArgs parse(String[] args, Set<String> known) {
    Map<String, List<String>> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String option = args[i];
      if (!option.startsWith("--") || !known.contains(option.substring(2))) {
        throw new IllegalArgumentException(
            "unknown option '" + option + "'; known: --" + String.join(", --", known));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      values.computeIfAbsent(option.substring(2), k -> new ArrayList<>()).add(args[i + 1]);
    }
    return new BenchArgs(values);
  }

  String text(String name, String fallback) {
    List<String> given = values.get(name);
    return given == null ? fallback : given.get(given.size() - 1);
  }

  int integer(String name, int fallback) {
    return Integer.parseInt(text(name, Integer.toString(fallback)));
  }

  /** A comma-separated list of whole numbers. */
  List<Integer> integers(String name, String fallback) {
    return Arrays.stream(text(name, fallback).split(","))
        .map(s -> Integer.parseInt(s.trim()))
        .toList();
  }

  /** A comma-separated list of decimal numbers. */
  List<Double> decimals(String name, String fallback) {
    return Arrays.stream(text(name, fallback).split(","))
        .map(s -> Double.parseDouble(s.trim()))
        .toList();
  }

  /** Every value given for a repeatable option, in order. */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
