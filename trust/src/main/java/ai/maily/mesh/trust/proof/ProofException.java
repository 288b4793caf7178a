package ai.maily.mesh.trust.proof;

/**
 * Why a proof could not be built or did not verify; each subclass names one kind of failure so that
 * callers can report it precisely.
 */
public abstract sealed class ProofException extends Exception
    permits RootMismatchException,
        InvalidProofSizeException,
        IndexOutOfRangeException,
        InvalidHashLengthException,
        InvalidTreeSizeException {

  ProofException(String message) {
    super(message);
  }
}
