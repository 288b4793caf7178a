package ai.maily.mesh.bench;

import ai.maily.mesh.agents.compliance.HtmlContent;
import ai.maily.mesh.agents.compliance.RegistrableDomain;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.canon.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Times the three email parsers that ADR 0021 moved onto libraries, on the same inputs before and
 * after: the trust canonicalizer over every raw email of a corpus, the compliance HTML scan over
 * the HTML bodies found in it, and the registrable domain of every link host in those bodies.
 *
 * <p>Each parser runs {@code --warmup} untimed rounds over all its inputs, then {@code --rounds}
 * timed ones; the line printed gives the median round. It also prints a SHA-256 over every result
 * (for the canonicalizer: each email's canonical hash or refusal), and {@code --outcomes FILE}
 * writes the canonicalizer's result per email, so two runs on two commits can be diffed.
 *
 * <pre>
 * mvn -q -pl bench exec:java -Dexec.mainClass=ai.maily.mesh.bench.ParserBenchmark \
 *   -Dexec.args="--corpus /work/shared/testdata/email-corpus"
 * </pre>
 */
public final class ParserBenchmark {

  private static final Pattern HTML_SECTION = Pattern.compile("(?m)^text/html (\\d+)$");
  private static final Pattern LINK_HOST =
      Pattern.compile("(?i)(?:href|src)\\s*=\\s*[\"']?https?://([^/\"'\\s>:?#]+)");

  private ParserBenchmark() {}

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws IOException {
    BenchArgs options = BenchArgs.parse(args, Set.of("corpus", "rounds", "warmup", "outcomes"));
    Path corpus = Path.of(options.text("corpus", "../shared/testdata/email-corpus"));
    int rounds = options.integer("rounds", 10);
    int warmup = options.integer("warmup", 5);

    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
    }
    List<byte[]> emails = new ArrayList<>();
    for (Path file : files) {
      emails.add(Files.readAllBytes(file));
    }
    List<String> outcomes = emails.stream().map(ParserBenchmark::canonicalOutcome).toList();
    List<String> htmls =
        emails.stream().map(ParserBenchmark::htmlBody).filter(h -> !h.isEmpty()).toList();
    List<String> hosts = new ArrayList<>();
    for (String html : htmls) {
      Matcher host = LINK_HOST.matcher(html);
      while (host.find()) {
        hosts.add(host.group(1));
      }
    }

    System.out.println(Machine.describe());
    System.out.printf(
        "corpus %s: %d emails, %d HTML bodies, %d link hosts; %d warm-up and %d timed rounds%n",
        corpus, emails.size(), htmls.size(), hosts.size(), warmup, rounds);
    time("canonicalize", "email", emails, ParserBenchmark::canonicalOutcome, warmup, rounds);
    time("html-scan", "body", htmls, ParserBenchmark::scanned, warmup, rounds);
    time("registrable-domain", "host", hosts, RegistrableDomain::of, warmup, rounds);

    String outcomesFile = options.text("outcomes", "");
    if (!outcomesFile.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        lines.add(corpus.relativize(files.get(i)) + " " + outcomes.get(i));
      }
      Files.write(Path.of(outcomesFile), lines);
    }
  }

  private static <T> void time(
      String name,
      String unit,
      List<T> inputs,
      Function<T, String> parser,
      int warmup,
      int rounds) {
    for (int i = 0; i < warmup; i++) {
      inputs.forEach(parser::apply);
    }
    long[] nanos = new long[rounds];
    MessageDigest digest = sha256();
    for (int round = 0; round < rounds; round++) {
      long start = System.nanoTime();
      List<String> results = new ArrayList<>(inputs.size());
      for (T input : inputs) {
        results.add(parser.apply(input));
      }
      nanos[round] = System.nanoTime() - start;
      if (round == 0) {
        results.forEach(r -> digest.update((r + "\n").getBytes(StandardCharsets.UTF_8)));
      }
    }
    Arrays.sort(nanos);
    long median = nanos[rounds / 2];
    System.out.printf(
        "%-18s %6d %s  median %8.1f ms/round  %7.2f µs/%s  results sha256 %s%n",
        name,
        inputs.size(),
        unit.equals("body") ? "bodies" : unit + "s",
        median / 1e6,
        median / 1e3 / inputs.size(),
        unit,
        HexFormat.of().formatHex(digest.digest()).substring(0, 16));
  }

  /** What the scan found, elements sorted: a set's own order differs from one JVM to the next. */
  private static String scanned(String html) {
    HtmlContent content = HtmlContent.scan(html);
    return content.text() + content.links() + content.images() + new TreeSet<>(content.elements());
  }

  /** The email's canonical hash, or its refusal. */
  private static String canonicalOutcome(byte[] email) {
    try {
      return ContentHash.of(new Content.RawEmail(email)).hex();
    } catch (ProblemException e) {
      return "refused " + e.problem().type().name() + ": " + e.problem().detail();
    }
  }

  /** The canonical HTML body of an email, empty if it has none or is refused. */
  private static String htmlBody(byte[] email) {
    String canonical;
    try {
      canonical =
          new String(
              ContentHash.canonicalBytes(new Content.RawEmail(email)), StandardCharsets.UTF_8);
    } catch (ProblemException e) {
      return "";
    }
    Matcher section = HTML_SECTION.matcher(canonical);
    if (!section.find()) {
      return "";
    }
    byte[] rest = canonical.substring(section.end() + 1).getBytes(StandardCharsets.UTF_8);
    return new String(rest, 0, Integer.parseInt(section.group(1)), StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
