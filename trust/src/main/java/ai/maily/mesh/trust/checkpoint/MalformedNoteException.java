package ai.maily.mesh.trust.checkpoint;

/** The input is not a syntactically valid signed note. */
public final class MalformedNoteException extends NoteException {

  MalformedNoteException(String message) {
    super("malformed signed note: " + message);
  }
}
