package ai.maily.mesh.trust.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A C2SP signed note: UTF-8 text ending in a newline, a blank line, then one or more {@link
 * NoteSignature} lines. Its text must be ignored unless {@link #verify(Collection)} succeeds.
 *
 * @param text the signed text, including its final newline
 * @param signatures the signature lines, in order
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

  /**
   * Largest note accepted, in UTF-8 bytes: room for the 16 signatures C2SP requires verifiers to
   * accept even at post-quantum sizes (about 5 kB each), while refusing anything that could only be
   * an attempt to exhaust memory.
   */
  public static final int MAX_BYTES = 128 * 1024;

  /** Most signatures accepted on one note, as in Go's {@code sumdb/note}. */
  public static final int MAX_SIGNATURES = 100;

  /**
   * Validates the text and signatures.
   *
   * @throws IllegalArgumentException if the text is not valid note text, there is no signature, or
   *     a limit is exceeded
   */
  public SignedNote {
    Objects.requireNonNull(text, "text");
    requireValidCharacters(text, true);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("a signed note needs at least one signature");
    }
    if (signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          signatures.size() + " signatures exceed the limit of " + MAX_SIGNATURES);
    }
  }

  /**
   * Signs {@code text} with each signer, in order.
   *
   * @throws IllegalArgumentException if {@code text} is not valid note text or the note would
   *     exceed {@link #MAX_BYTES}
   */
  public static SignedNote sign(String text, List<NoteSigner> signers) {
    List<NoteSignature> signatures = new ArrayList<>(signers.size());
    for (NoteSigner signer : signers) {
      signatures.add(signer.sign(text));
    }
    SignedNote note = new SignedNote(text, signatures);
    int bytes = note.serialize().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the note would be " + bytes + " bytes, over the limit of " + MAX_BYTES);
    }
    return note;
  }

  /**
   * Parses a note received as bytes, refusing invalid UTF-8 rather than repairing it.
   *
   * @throws NoteTooLargeException if the note exceeds {@link #MAX_BYTES} or {@link #MAX_SIGNATURES}
   * @throws MalformedNoteException if it is not a syntactically valid signed note
   */
  public static SignedNote parse(byte[] note) throws NoteException {
    Objects.requireNonNull(note, "note");
    checkSize(note.length);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(note))
              .toString();
      return parse(text);
    } catch (CharacterCodingException e) {
      throw new MalformedNoteException("not valid UTF-8");
    }
  }

  /**
   * Parses a note without verifying any signature.
   *
   * @throws NoteTooLargeException if the note exceeds {@link #MAX_BYTES} or {@link #MAX_SIGNATURES}
   * @throws MalformedNoteException if it is not a syntactically valid signed note
   */
  public static SignedNote parse(String note) throws NoteException {
    Objects.requireNonNull(note, "note");
    // Chars never outnumber UTF-8 bytes, so this bounds the work before the exact count.
    checkSize(note.length());
    checkSize(note.getBytes(StandardCharsets.UTF_8).length);
    try {
      requireValidCharacters(note, true);
    } catch (IllegalArgumentException e) {
      throw new MalformedNoteException(e.getMessage());
    }
    // Text may itself contain blank lines: the last one separates it from the signatures.
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new MalformedNoteException("no blank line separates the text from the signatures");
    }
    String text = note.substring(0, split + 1);
    String signatureBlock = note.substring(split + 2);
    if (signatureBlock.isEmpty() || !signatureBlock.endsWith("\n")) {
      throw new MalformedNoteException("the signature lines must follow and end with a newline");
    }
    String[] lines = signatureBlock.substring(0, signatureBlock.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new NoteTooLargeException(
          "the note has " + lines.length + " signature lines, over the limit of " + MAX_SIGNATURES);
    }
    List<NoteSignature> signatures = new ArrayList<>(lines.length);
    for (String line : lines) {
      signatures.add(NoteSignature.parseLine(line));
    }
    return new SignedNote(text, signatures);
  }

  /** The note as sent: text, blank line, signature lines. */
  public String serialize() {
    StringBuilder note = new StringBuilder(text).append('\n');
    for (NoteSignature signature : signatures) {
      note.append(signature.line()).append('\n');
    }
    return note.toString();
  }

  /**
   * Checks the signatures against trusted keys, as C2SP requires: signatures from unknown keys
   * (matched by name and key ID together) are ignored, any signature from a trusted key that fails
   * rejects the whole note, and at least one must verify.
   *
   * @return the signatures that verified, in note order
   * @throws InvalidSignatureException if a signature from a trusted key does not verify
   * @throws UnverifiedNoteException if no signature is from a trusted key
   * @throws IllegalArgumentException if two trusted keys share both name and key ID
   */
  public List<NoteSignature> verify(Collection<NoteVerifier> trusted) throws NoteException {
    Map<KeyReference, NoteVerifier> byReference = new HashMap<>();
    for (NoteVerifier verifier : trusted) {
      KeyReference reference = new KeyReference(verifier.name(), verifier.keyId());
      NoteVerifier previous = byReference.putIfAbsent(reference, verifier);
      if (previous != null && !previous.equals(verifier)) {
        throw new IllegalArgumentException(
            "two trusted keys share name and key ID: " + previous + ", " + verifier);
      }
    }
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> verified = new ArrayList<>();
    for (NoteSignature signature : signatures) {
      NoteVerifier verifier =
          byReference.get(new KeyReference(signature.name(), signature.keyId()));
      if (verifier == null) {
        continue;
      }
      if (!verifier.verify(message, signature.signature())) {
        throw new InvalidSignatureException(signature.name(), signature.keyId());
      }
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw new UnverifiedNoteException(signatures.stream().map(NoteSignature::name).toList());
    }
    return List.copyOf(verified);
  }

  /**
   * C2SP: valid UTF-16 (so valid UTF-8 once encoded) with no ASCII control character other than,
   * where allowed, newline.
   */
  static void requireValidCharacters(String text, boolean newlineAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && !(newlineAllowed && c == '\n')) {
        throw new IllegalArgumentException(
            String.format("control character U+%04X at offset %d", (int) c, i));
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("unpaired UTF-16 surrogate at offset " + i);
      }
    }
  }

  private static void checkSize(int bytes) throws NoteTooLargeException {
    if (bytes > MAX_BYTES) {
      throw new NoteTooLargeException(
          "the note is at least " + bytes + " bytes, over the limit of " + MAX_BYTES);
    }
  }

  private record KeyReference(String name, int keyId) {}
}
