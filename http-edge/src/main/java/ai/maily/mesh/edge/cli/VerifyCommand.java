package ai.maily.mesh.edge.cli;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.trust.verify.OfflineVerifier;
import ai.maily.mesh.trust.verify.Verdict;
import ai.maily.mesh.trust.verify.VerificationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Checks an {@code .eml} file's {@code Maily-Certificate} offline, with nothing but the log's
 * verifier key: content hash, checkpoint signature and inclusion. Consistency with the newest
 * checkpoint and revocation need the log, so offline they are reported as "couldn't check".
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
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

  @ArgGroup(multiplicity = "1")
  Key key;

  @Parameters(paramLabel = "EMAIL.eml", description = "the email to verify")
  Path email;

  @Override
  public Integer call() {
    try {
      String verifierKey =
          key.value != null ? key.value : Files.readString(key.file, StandardCharsets.UTF_8);
      VerificationReport report = OfflineVerifier.forKey(verifierKey).verify(email);
      System.out.println(report.describe());
      return report.verdict() == Verdict.FAILED ? 1 : 0;
    } catch (IOException e) {
      System.err.println("cannot read " + e.getMessage());
      return 2;
    } catch (ProblemException e) {
      System.err.println(e.problem().detail());
      return 2;
    }
  }
}
