package ai.maily.mesh.trust.checkpoint;

import java.util.List;

/** No signature on the note is from a trusted key, so its text must not be believed. */
public final class UnverifiedNoteException extends NoteException {

  private final List<String> signers;

  UnverifiedNoteException(List<String> signers) {
    super("no signature from a trusted key; the note is signed only by " + signers);
    this.signers = List.copyOf(signers);
  }

  /** Names of the keys that did sign the note, none of them trusted. */
  public List<String> signers() {
    return signers;
  }
}
