package ai.maily.mesh.trust.checkpoint;

/** The input exceeds a size or line-count limit and was refused before it was parsed further. */
public final class NoteTooLargeException extends NoteException {

  NoteTooLargeException(String message) {
    super(message);
  }
}
