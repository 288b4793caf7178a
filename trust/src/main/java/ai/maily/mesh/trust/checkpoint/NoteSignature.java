package ai.maily.mesh.trust.checkpoint;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a signed note, {@code — name base64(keyId || signature)}, not yet verified.
 *
 * @param name the signing key's name
 * @param base64 standard base64 of the 4-byte big-endian key ID followed by the signature bytes
 */
public record NoteSignature(String name, String base64) {

  /** Em dash (U+2014) and space: how every signature line starts. */
  static final String LINE_PREFIX = "\u2014 ";

  /**
   * Validates the name (non-empty, no Unicode spaces, no {@code +}) and that {@code base64} is
   * canonical base64 of a key ID and at least one signature byte.
   *
   * @throws IllegalArgumentException if either is invalid
   */
  public NoteSignature {
    requireValidKeyName(name);
    Objects.requireNonNull(base64, "base64");
    if (decode(base64).length <= Integer.BYTES) {
      throw new IllegalArgumentException(
          "signature of " + name + " must hold a 4-byte key ID and a signature");
    }
  }

  /** The signature line as it appears in a note, without the trailing newline. */
  public String line() {
    return LINE_PREFIX + name + " " + base64;
  }

  /** ID of the key that claims to have made this signature. */
  public int keyId() {
    return ByteBuffer.wrap(decode(base64)).getInt();
  }

  /** The signature bytes after the key ID. */
  public byte[] signature() {
    byte[] blob = decode(base64);
    return Arrays.copyOfRange(blob, Integer.BYTES, blob.length);
  }

  static NoteSignature of(String name, int keyId, byte[] signature) {
    byte[] blob =
        ByteBuffer.allocate(Integer.BYTES + signature.length).putInt(keyId).put(signature).array();
    return new NoteSignature(name, Base64.getEncoder().encodeToString(blob));
  }

  /** Parses one signature line, without its newline. */
  static NoteSignature parseLine(String line) throws MalformedNoteException {
    if (!line.startsWith(LINE_PREFIX)) {
      throw new MalformedNoteException(
          "signature line does not start with an em dash and a space: " + line);
    }
    String rest = line.substring(LINE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new MalformedNoteException("signature line has no space after the key name: " + line);
    }
    try {
      return new NoteSignature(rest.substring(0, space), rest.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw new MalformedNoteException(e.getMessage());
    }
  }

  /**
   * C2SP key names: non-empty, without Unicode spaces (they separate the name from the signature)
   * or {@code +} (it separates the parts of a key string).
   */
  static void requireValidKeyName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a key name must not be empty");
    }
    if (name.indexOf('+') >= 0 || name.codePoints().anyMatch(NoteSignature::isUnicodeSpace)) {
      throw new IllegalArgumentException(
          "a key name must not contain spaces or '+': \"" + name + "\"");
    }
    SignedNote.requireValidCharacters(name, false);
  }

  /**
   * Unicode White_Space, as Go's {@code unicode.IsSpace} and thus the reference verifier see it.
   */
  private static boolean isUnicodeSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  /** Strict standard base64: padded, with no stray bits, so one signature has one spelling. */
  static byte[] decode(String base64) {
    byte[] decoded = Base64.getDecoder().decode(base64);
    if (!Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw new IllegalArgumentException("not canonical padded base64: " + base64);
    }
    return decoded;
  }
}
