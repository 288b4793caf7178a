package ai.maily.mesh.analytics.event;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Where an engagement happened, and which kinds of engagement happen there. */
public enum Channel {
  EMAIL(
      EnumSet.of(
          EngagementType.SENT,
          EngagementType.DELIVERED,
          EngagementType.OPEN,
          EngagementType.CLICK,
          EngagementType.BOUNCE,
          EngagementType.UNSUBSCRIBE,
          EngagementType.COMPLAINT)),
  WEB(EnumSet.of(EngagementType.VISIT, EngagementType.CLICK, EngagementType.UNSUBSCRIBE)),
  SOCIAL(EnumSet.of(EngagementType.LIKE, EngagementType.SHARE, EngagementType.CLICK)),
  /** Verifications of a certificate, so that campaigns can show how often theirs were checked. */
  TRUST(EnumSet.of(EngagementType.VERIFY));

  private final Set<EngagementType> types;

  Channel(Set<EngagementType> types) {
    this.types = Set.copyOf(types);
  }

  /** The engagement types this channel has. */
  public Set<EngagementType> types() {
    return types;
  }

  /** The name on the wire and in routing keys: {@code email}, {@code web}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The channel a wire name names, if any. */
  public static Optional<Channel> fromWireName(String name) {
    for (Channel channel : values()) {
      if (channel.wireName().equals(name)) {
        return Optional.of(channel);
      }
    }
    return Optional.empty();
  }
}
