package ai.maily.mesh.agents.copy;

import ai.maily.mesh.core.agent.AgentFailure;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a campaign is for; the composer keeps a set of patterns for each. */
public enum Goal {
  /** A new product or feature. */
  LAUNCH("a new product launch"),
  /** An offer on something that exists. */
  PROMOTION("a special offer"),
  /** Winning back contacts who stopped opening. */
  RE_ENGAGEMENT("winning back customers who have not visited in a while"),
  /** Regular news for subscribers. */
  NEWSLETTER("a newsletter with news and updates"),
  /** An invitation to an event. */
  EVENT("an invitation to an event");

  private final String description;

  Goal(String description) {
    this.description = description;
  }

  /** The id in JSON: {@code launch}, {@code re-engagement}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** What the campaign is, in words, for the text the candidates are compared with. */
  String description() {
    return description;
  }

  /** The goal with this id; fails naming {@code path} and the ids there are. */
  public static Goal parse(String id, String path) {
    return Arrays.stream(values())
        .filter(goal -> goal.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                AgentFailure.invalidInput(
                    path
                        + " must be one of "
                        + Arrays.stream(values()).map(Goal::id).collect(Collectors.joining(", "))
                        + ", got '"
                        + id
                        + "'"));
  }
}
