package ai.maily.mesh.node.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** What a command printed and returned, run in-process with its output captured. */
record CommandRun(int exit, String out, String err) {

  /** Runs {@code command} with {@code args} as {@code Main} would. */
  static CommandRun of(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(command)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }
}
