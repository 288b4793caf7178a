package ai.maily.mesh.agents.copy;

import ai.maily.mesh.core.agent.AgentFailure;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the copy sounds; every pattern of the composer's library is written for one or more. */
public enum Tone {
  /** Warm and personal. */
  FRIENDLY,
  /** Clear and courteous, as to business customers. */
  PROFESSIONAL,
  /** Time matters: a deadline, a last chance; never the phrases spam filters score. */
  URGENT,
  /** Light and witty. */
  PLAYFUL;

  /** The id in JSON: {@code friendly}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The tone with this id; fails naming {@code path} and the ids there are. */
  public static Tone parse(String id, String path) {
    return Arrays.stream(values())
        .filter(tone -> tone.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                AgentFailure.invalidInput(
                    path
                        + " must be one of "
                        + Arrays.stream(values()).map(Tone::id).collect(Collectors.joining(", "))
                        + ", got '"
                        + id
                        + "'"));
  }
}
