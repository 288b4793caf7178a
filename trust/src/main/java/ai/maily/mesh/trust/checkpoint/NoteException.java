package ai.maily.mesh.trust.checkpoint;

/**
 * Why a signed note or checkpoint was refused; each subclass names one kind of failure so that
 * callers can report it precisely.
 */
public abstract sealed class NoteException extends Exception
    permits MalformedNoteException,
        NoteTooLargeException,
        InvalidSignatureException,
        UnverifiedNoteException,
        MalformedCheckpointException {

  NoteException(String message) {
    super(message);
  }
}
