package ai.maily.mesh.trust.checkpoint;

/** A note's text is not a valid checkpoint body (origin, tree size, root hash, extensions). */
public final class MalformedCheckpointException extends NoteException {

  MalformedCheckpointException(String message) {
    super("malformed checkpoint: " + message);
  }
}
