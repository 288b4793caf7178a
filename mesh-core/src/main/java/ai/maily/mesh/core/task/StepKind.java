package ai.maily.mesh.core.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a plan step does: call an agent, or wait for a person's decision. */
public enum StepKind {
  AGENT,
  APPROVAL;

  /** The lower-case name clients write in plans and read back. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static StepKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
