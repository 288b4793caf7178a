package ai.maily.mesh.trust.verify;

import java.util.List;

/** The summary of a report's checks, which never hides a check that could not be made. */
public enum Verdict {
  /** Every check passed. */
  VERIFIED,
  /** No check failed, but at least one could not be made. */
  INCOMPLETE,
  /** At least one check failed. */
  FAILED;

  static Verdict of(List<Check> checks) {
    if (checks.stream().anyMatch(c -> c.status() == CheckStatus.FAIL)) {
      return FAILED;
    }
    return checks.stream().allMatch(c -> c.status() == CheckStatus.PASS) ? VERIFIED : INCOMPLETE;
  }
}
