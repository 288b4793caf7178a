package ai.maily.mesh.core.memory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a memory is to the agent that keeps it. Each kind has its own capacity, so the kinds that
 * matter longest (approved examples) are not pushed out by the ones that come often (feedback).
 */
public enum MemoryKind {
  /** Something true about the tenant: "We roast in Portland since 2012." */
  FACT("fact"),
  /** How the tenant wants things done: "Never say 'act now'." */
  PREFERENCE("preference"),
  /** A reaction to an agent's output: "The subject lines were too long." */
  FEEDBACK("feedback"),
  /** Content the tenant approved, kept as a sample of how the tenant writes. */
  APPROVED_EXAMPLE("approved-example");

  private final String label;

  MemoryKind(String label) {
    this.label = label;
  }

  /** The kind's name in JSON and in the API, e.g. {@code approved-example}. */
  @JsonValue
  public String label() {
    return label;
  }

  /** The kind named {@code label}; empty for any other text. */
  public static Optional<MemoryKind> parse(String label) {
    return Arrays.stream(values()).filter(kind -> kind.label.equals(label)).findFirst();
  }

  /** Every kind's label, comma-separated, for error messages. */
  public static String labels() {
    return Arrays.stream(values()).map(MemoryKind::label).collect(Collectors.joining(", "));
  }
}
