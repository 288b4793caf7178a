package ai.maily.mesh.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs commands with {@code bash} in a directory as a user would type them into one terminal: each
 * run starts a new {@code bash}, but the variables earlier runs set carry over. Every {@code curl}
 * also reports its HTTP status on stderr, which the run returns apart from what the commands print.
 */
final class BashSession {

  /** What one run printed, and the statuses of the HTTP calls it made, in order. */
  record Run(int exit, String stdout, String stderr, List<Integer> statuses) {}

  private static final String STATUS_MARK = "@http-status ";
  private static final Pattern STATUS_LINE = Pattern.compile(STATUS_MARK + "(\\d{3})\\R?");
  private static final String STATE = ".bash-session.env";

  /**
   * {@code set -a} exports every variable a command sets, and the EXIT trap writes them all down
   * for the next run to read back. {@code %{stderr}} sends curl's status line to stderr, so that
   * what the commands print, and what {@code $(…)} captures, stays as the user sees it.
   */
  private static final String PREAMBLE =
      """
      set -a
      if [ -f %1$s ]; then . ./%1$s; fi
      trap 'export -p > %1$s' EXIT
      curl() { command curl --write-out '%%{stderr}%2$s%%{http_code}\\n' "$@"; }
      """
          .formatted(STATE, STATUS_MARK);

  private final Path directory;
  private final Map<String, String> environment;
  private final Duration timeout;

  /**
   * @param environment the environment of the first run
   * @param timeout how long one run may take
   */
  BashSession(Path directory, Map<String, String> environment, Duration timeout) {
    this.directory = directory;
    this.environment = Map.copyOf(environment);
    this.timeout = timeout;
  }

  /** Runs {@code commands} and returns once they are done. */
  Run run(String commands) {
    try {
      Path stdout = Files.createTempFile("bash-session", ".out");
      Path stderr = Files.createTempFile("bash-session", ".err");
      ProcessBuilder builder =
          new ProcessBuilder("bash", "-c", PREAMBLE + commands)
              .directory(directory.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      builder.environment().clear();
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("still running after " + timeout + ":\n" + commands);
      }
      String output = Files.readString(stdout, StandardCharsets.UTF_8);
      String errors = Files.readString(stderr, StandardCharsets.UTF_8);
      Files.delete(stdout);
      Files.delete(stderr);
      List<Integer> statuses =
          STATUS_LINE.matcher(errors).results().map(m -> Integer.valueOf(m.group(1))).toList();
      return new Run(
          process.exitValue(), output, STATUS_LINE.matcher(errors).replaceAll(""), statuses);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
