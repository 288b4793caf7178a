package ai.maily.mesh.node.cli;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.trust.verify.OfflineVerifier;
import ai.maily.mesh.trust.verify.Verdict;
import ai.maily.mesh.trust.verify.VerificationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks an {@code .eml} file's {@code Maily-Certificate} offline, with nothing but the log's
 * verifier key: content hash, checkpoint signature and inclusion. Consistency with the newest
 * checkpoint and revocation need the log, so offline they are reported as "couldn't check".
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    versionProvider = MeshVersion.class,
    description = "Verifies the Maily-Certificate of an .eml file offline.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every check that can be made offline passed",
      "1:a check failed",
      "2:the file, the key or the certificate header cannot be read"
    })
public final class VerifyCommand implements Callable<Integer> {

  /** Where the verifier key comes from. */
  static final class Key {
    @Option(names = "--key", description = "the log's verifier key, name+hex8+base64")
    String value;

    @Option(names = "--key-file", description = "a file holding the verifier key")
    Path file;
  }

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Key key;

  @Parameters(paramLabel = "EMAIL.eml", description = "the email to verify")
  Path email;

  @Override
  public Integer call() {
    String verifierKey;
    if (key.value != null) {
      verifierKey = key.value;
    } else {
      try {
        verifierKey = Files.readString(key.file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return cannotRead(key.file, e);
      }
    }
    try {
      VerificationReport report = OfflineVerifier.forKey(verifierKey).verify(email);
      PrintWriter out = spec.commandLine().getOut();
      out.print(report.describe());
      out.flush();
      return report.verdict() == Verdict.FAILED ? 1 : 0;
    } catch (IOException e) {
      return cannotRead(email, e);
    } catch (ProblemException e) {
      spec.commandLine().getErr().println(e.problem().detail());
      return 2;
    }
  }

  private int cannotRead(Path file, IOException e) {
    spec.commandLine().getErr().println("cannot read " + file + ": " + why(file, e));
    return 2;
  }

  /** Why {@code file} could not be read, in words; the exception's message is often just a path. */
  private static String why(Path file, IOException e) {
    if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage();
  }
}
