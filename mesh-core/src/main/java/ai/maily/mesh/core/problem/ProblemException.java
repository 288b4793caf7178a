package ai.maily.mesh.core.problem;

/** Carries a {@link Problem} from wherever it is found to the protocol that reports it. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.type().code() + ": " + problem.detail(), null, false, false);
    this.problem = problem;
  }

  public static ProblemException of(ProblemType type, String detail) {
    return new ProblemException(Problem.of(type, detail));
  }

  public Problem problem() {
    return problem;
  }
}
