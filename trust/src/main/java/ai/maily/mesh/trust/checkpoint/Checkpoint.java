package ai.maily.mesh.trust.checkpoint;

import ai.maily.mesh.trust.hash.Hash;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A C2SP tlog checkpoint: the signed statement "log {@code origin} had {@code size} leaves with
 * root {@code root}", whose note text is {@code origin\nsize\nbase64(root)\n} followed by any
 * extension lines.
 *
 * @param origin unique name of the log; by convention also the name of its signing key
 * @param size number of leaves, 0 or more
 * @param root RFC 9162 root hash of the first {@code size} leaves
 * @param extensions opaque non-empty lines after the root, usually none
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {

  /**
   * Most extension lines accepted. C2SP discourages them because monitors cannot audit them; a few
   * are tolerated, many can only be abuse.
   */
  public static final int MAX_EXTENSION_LINES = 16;

  /** Decimal without leading zeros, at most 19 digits; {@link Long} range is checked after. */
  private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException if the origin or an extension line is empty or holds a control
   *     character, the size is negative, or there are too many extension lines
   */
  public Checkpoint {
    requireLine("origin", origin);
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    Objects.requireNonNull(root, "root");
    extensions = List.copyOf(extensions);
    if (extensions.size() > MAX_EXTENSION_LINES) {
      throw new IllegalArgumentException(
          extensions.size() + " extension lines exceed the limit of " + MAX_EXTENSION_LINES);
    }
    for (String extension : extensions) {
      requireLine("extension line", extension);
    }
  }

  /** A checkpoint without extension lines. */
  public Checkpoint(String origin, long size, Hash root) {
    this(origin, size, root, List.of());
  }

  /**
   * Parses checkpoint note text (the part of the note before the blank line).
   *
   * @throws MalformedCheckpointException if the text has fewer than three lines or an empty line,
   *     the size is not a decimal without leading zeros that fits in 64 bits, the root is not
   *     canonical base64 of 32 bytes, or a limit is exceeded
   */
  public static Checkpoint parse(String text) throws MalformedCheckpointException {
    Objects.requireNonNull(text, "text");
    if (!text.endsWith("\n")) {
      throw new MalformedCheckpointException("the text must end with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new MalformedCheckpointException(
          "expected origin, tree size and root hash lines, got " + lines.length + " lines");
    }
    try {
      return new Checkpoint(
          lines[0],
          parseSize(lines[1]),
          parseRoot(lines[2]),
          Arrays.asList(lines).subList(3, lines.length));
    } catch (IllegalArgumentException e) {
      throw new MalformedCheckpointException(e.getMessage());
    }
  }

  /**
   * Parses a signed checkpoint, verifies it against trusted keys (see {@link
   * SignedNote#verify(Collection)}), and only then parses its text.
   *
   * @throws NoteException naming the first check that fails
   */
  public static Checkpoint parseVerified(String signedNote, Collection<NoteVerifier> trusted)
      throws NoteException {
    SignedNote note = SignedNote.parse(signedNote);
    note.verify(trusted);
    return parse(note.text());
  }

  /** {@code origin\nsize\nbase64(root)\n} plus one line per extension: what is signed. */
  public String toNoteText() {
    StringBuilder text =
        new StringBuilder(origin)
            .append('\n')
            .append(size)
            .append('\n')
            .append(root.base64())
            .append('\n');
    for (String extension : extensions) {
      text.append(extension).append('\n');
    }
    return text.toString();
  }

  /** Signs this checkpoint's note text; the log's key name should equal {@link #origin()}. */
  public SignedNote sign(NoteSigner signer) {
    return SignedNote.sign(toNoteText(), List.of(signer));
  }

  private static long parseSize(String line) {
    if (!SIZE.matcher(line).matches()) {
      throw new IllegalArgumentException(
          "tree size must be a decimal number without sign or leading zeros: \"" + line + "\"");
    }
    try {
      return Long.parseLong(line);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tree size " + line + " exceeds 2^63 - 1", e);
    }
  }

  private static Hash parseRoot(String line) {
    try {
      return Hash.fromBase64(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "root hash must be canonical base64 of " + Hash.SIZE + " bytes: \"" + line + "\"", e);
    }
  }

  private static void requireLine(String what, String line) {
    Objects.requireNonNull(line, what);
    if (line.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    try {
      SignedNote.requireValidCharacters(line, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }
}
