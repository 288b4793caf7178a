package ai.maily.mesh.trust.canon;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins what canonicalisation makes of every email in {@code src/test/resources/canon}: the SHA-256
 * of its canonical bytes, or the refusal with its problem type and detail. A certificate issued
 * today must verify tomorrow, so a change of parser or library that moves one of these lines is a
 * new canonical format, not a fix.
 *
 * <p>{@code cases/} holds the emails this module's tests use and the edge cases of each parsing
 * step (folding, encoded words, transfer encodings, multipart delimiters, mailboxes, limits);
 * {@code corpus/} a sample of real 2002 mail. The expected lines in {@code golden.txt} were written
 * by this test with {@code -Dcanon.golden.write=true}, run on the hand-written parsers before the
 * move to mime4j (ADR 0021).
 */
class CanonicalGoldenTest {

  private static final Path ROOT = Path.of("src/test/resources/canon");
  private static final Path GOLDEN = ROOT.resolve("golden.txt");

  @Test
  void everyPinnedEmailKeepsItsCanonicalHashOrItsRefusal() throws IOException {
    Map<String, String> actual = canonicalise(emails());
    if (Boolean.getBoolean("canon.golden.write")) {
      Files.write(
          GOLDEN, actual.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(GOLDEN, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      expected.put(line.substring(0, space), line.substring(space + 1));
    }

    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  private static List<Path> emails() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
    }
  }

  private static Map<String, String> canonicalise(List<Path> emails) {
    Map<String, String> results = new LinkedHashMap<>();
    for (Path email : emails) {
      results.put(ROOT.relativize(email).toString(), outcome(email));
    }
    return results;
  }

  /** {@code sha256:<hex>} of the canonical bytes, or {@code refused <type>: <detail>}. */
  private static String outcome(Path email) {
    try {
      byte[] canonical =
          EmailCanonicalizer.canonicalize(new Content.RawEmail(Files.readAllBytes(email)));
      return "sha256:" + EmailCanonicalizer.sha256Hex(canonical);
    } catch (ProblemException e) {
      return "refused " + e.problem().type().name() + ": " + e.problem().detail();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
