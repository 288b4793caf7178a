package ai.maily.mesh.analytics.event;

import java.util.Locale;
import java.util.Optional;

/** What a contact did, or what happened to a message to them. */
public enum EngagementType {
  SENT,
  DELIVERED,
  OPEN,
  CLICK,
  BOUNCE,
  UNSUBSCRIBE,
  COMPLAINT,
  VISIT,
  LIKE,
  SHARE,
  VERIFY;

  /** The name on the wire and in routing keys: {@code open}, {@code click}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type a wire name names, if any. */
  public static Optional<EngagementType> fromWireName(String name) {
    for (EngagementType type : values()) {
      if (type.wireName().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
