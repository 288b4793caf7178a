package ai.maily.mesh.core.problem;

import ai.maily.mesh.core.CborSerializable;

/**
 * An entity's answer to a command it refused: what kind of refusal and why. Nothing was written.
 * Every entity refuses with this one vocabulary, and the edge reports it as the {@link Problem} of
 * the same type, so no refusal travels as a string to be parsed back.
 *
 * @param type what kind of refusal; decides the HTTP status and gRPC code at the edge
 * @param detail a human explanation of this refusal
 */
public record Rejection(ProblemType type, String detail) implements CborSerializable {

  /** The problem a client sees for this refusal. */
  public Problem toProblem() {
    return Problem.of(type, detail);
  }

  /** This refusal as an exception, for callers that complete a future exceptionally. */
  public ProblemException toException() {
    return new ProblemException(toProblem());
  }
}
