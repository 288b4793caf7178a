package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.Unicode;
import ai.maily.mesh.core.problem.Problem.Violation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A memory to add, as a client gives it.
 *
 * @param id the client's id for it, or null to derive one from kind and text: adding the same
 *     memory twice then finds the first
 * @param kind what the memory is; null when the client named no known kind
 * @param text what to remember
 * @param addedBy the subject adding it
 */
public record NewMemory(String id, MemoryKind kind, String text, String addedBy)
    implements CborSerializable {

  /** What a client's memory id may look like. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** Why this memory cannot be added under {@code settings}, field by field; empty when it can. */
  public List<Violation> problems(MemorySettings settings) {
    List<Violation> problems = new ArrayList<>();
    if (id != null && !ID.matcher(id).matches()) {
      problems.add(new Violation("id", "must match " + ID.pattern()));
    }
    if (kind == null) {
      problems.add(new Violation("kind", "must be one of: " + MemoryKind.labels()));
    }
    if (text == null || text.isBlank()) {
      problems.add(new Violation("text", "is required and must not be blank"));
    } else if (text.strip().length() > settings.maxTextLength()) {
      problems.add(
          new Violation("text", "must have at most " + settings.maxTextLength() + " characters"));
    } else if (Unicode.unpairedSurrogate(text).isPresent()) {
      problems.add(new Violation("text", "holds a UTF-16 surrogate without its pair"));
    }
    return problems;
  }

  /** The text as it is stored: without leading and trailing white space. */
  public String storedText() {
    return text.strip();
  }

  /**
   * Whether {@code stored} is this memory added before: the same kind, and the same text but for
   * white space and Unicode normalization.
   */
  public boolean sameAs(Memory stored) {
    return stored.kind() == kind && canonical(stored.text()).equals(canonical(text));
  }

  /** {@code text} in NFC, trimmed, with every run of white space as one space. */
  private static String canonical(String text) {
    return WHITESPACE
        .matcher(Normalizer.normalize(text.strip(), Normalizer.Form.NFC))
        .replaceAll(" ");
  }

  /**
   * The id the memory is stored under: the client's, or {@code m-} and 24 hex digits of the SHA-256
   * of the kind and the text (NFC, white space collapsed), so the same memory gets the same id.
   * Requires a memory without {@link #problems}.
   */
  public String storedId() {
    if (id != null) {
      return id;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((kind.label() + "\n" + canonical(text)).getBytes(StandardCharsets.UTF_8));
      return "m-" + HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
