package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the copywriter writes from: the task input's {@code brief}, the merge fields its {@code
 * audience} has, the draft in its {@code email}, and how many variants the step may produce.
 *
 * @param goal what the campaign is for
 * @param product the product, service or event the email is about
 * @param brand who sends it: {@code brief.brand}, else {@code sender.name}, if either is given
 * @param audience whom it is for, in words (e.g. "hikers in Colorado")
 * @param tone how it sounds
 * @param keyPoints what the email must get across, most important first
 * @param offer the offer, e.g. "20% off"
 * @param deadline when the offer or registration ends, e.g. "Sunday"
 * @param date when the event takes place, e.g. "Saturday, May 10"
 * @param place where it takes place
 * @param callToAction the words of the button, e.g. "Shop the boots"
 * @param url where the button leads
 * @param mergeFields the audience fields the copy may address by merge tag ({@code first_name},
 *     {@code city})
 * @param draft the draft the marketer has, if any; its parts are weighed beside the variants
 * @param seed fixes every choice the composer makes: the same brief and seed give the same copy
 * @param variants how many subjects, preheaders and bodies to offer
 */
public record CopyBrief(
    Goal goal,
    String product,
    Optional<String> brand,
    Optional<String> audience,
    Tone tone,
    List<String> keyPoints,
    Optional<String> offer,
    Optional<String> deadline,
    Optional<String> date,
    Optional<String> place,
    Optional<String> callToAction,
    Optional<String> url,
    Set<String> mergeFields,
    Optional<Email> draft,
    long seed,
    int variants) {

  /** Variants offered when neither the brief nor the step's budget says how many. */
  public static final int DEFAULT_VARIANTS = 5;

  /** The most variants a brief may ask for. */
  public static final int MAX_VARIANTS = 10;

  private static final int MAX_KEY_POINTS = 8;
  private static final int MAX_FIELD = 100;
  private static final int MAX_KEY_POINT = 160;
  private static final int MAX_URL = 2000;

  public CopyBrief {
    keyPoints = List.copyOf(keyPoints);
    mergeFields = Set.copyOf(mergeFields);
  }

  /**
   * Reads the brief of a step: {@code input.brief} (required), {@code input.audience.fields},
   * {@code input.sender.name}, {@code input.email} and the step's {@code budget.maxVariants}, a
   * hint the coordinator gives when a task's budget runs low.
   *
   * @throws AgentFailure naming the offending field when the input is invalid
   */
  public static CopyBrief from(AgentRequest request) {
    InputNode input = InputNode.taskInput(request);
    InputNode brief = input.requiredObject("brief");
    List<String> given = brief.texts("keyPoints");
    if (given.size() > MAX_KEY_POINTS) {
      throw AgentFailure.invalidInput(
          "input.brief.keyPoints has " + given.size() + " items; at most 8 are read");
    }
    List<String> keyPoints = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      keyPoints.add(
          bounded(given.get(i), "input.brief.keyPoints[" + i + "]", MAX_KEY_POINT, true)
              .replaceFirst("[.;,!]+$", ""));
    }
    Optional<String> brand =
        text(brief, "brand")
            .or(() -> input.optionalObject("sender").flatMap(sender -> text(sender, "name")));
    return new CopyBrief(
        Goal.parse(brief.requiredText("goal"), "input.brief.goal"),
        bounded(brief.requiredText("product"), "input.brief.product", MAX_FIELD, true),
        brand,
        text(brief, "audience"),
        brief
            .optionalText("tone")
            .map(tone -> Tone.parse(tone, "input.brief.tone"))
            .orElse(Tone.FRIENDLY),
        keyPoints,
        text(brief, "offer"),
        text(brief, "deadline"),
        text(brief, "date"),
        text(brief, "place"),
        text(brief, "callToAction"),
        url(brief),
        Set.copyOf(input.optionalObject("audience").map(a -> a.texts("fields")).orElse(List.of())),
        input.optionalObject("email").map(Email::from),
        brief.optionalLong("seed").orElseGet(() -> (long) brief.value().toString().hashCode()),
        variants(brief, request));
  }

  /** The variant count: the brief's wish or the default, narrowed by the step's budget. */
  private static int variants(InputNode brief, AgentRequest request) {
    long wanted = brief.optionalLong("variants").orElse((long) DEFAULT_VARIANTS);
    if (wanted < 1 || wanted > MAX_VARIANTS) {
      throw AgentFailure.invalidInput(
          "input.brief.variants must lie between 1 and " + MAX_VARIANTS + ", got " + wanted);
    }
    InputNode budget =
        new InputNode(
            request.input() == null ? MissingNode.getInstance() : request.input().path("budget"),
            "budget");
    long allowed = budget.optionalLong("maxVariants").orElse(wanted);
    return (int) Math.max(1, Math.min(wanted, allowed));
  }

  private static Optional<String> url(InputNode brief) {
    Optional<String> url =
        brief.optionalText("url").map(value -> bounded(value, "input.brief.url", MAX_URL, true));
    if (url.isPresent() && !url.get().matches("(?i)https?://\\S+")) {
      throw AgentFailure.invalidInput(
          "input.brief.url must be an http or https URL without spaces, got '" + url.get() + "'");
    }
    return url;
  }

  private static Optional<String> text(InputNode object, String field) {
    return object
        .optionalText(field)
        .map(value -> bounded(value, object.path() + "." + field, MAX_FIELD, false))
        .filter(value -> !value.isEmpty());
  }

  private static String bounded(String value, String path, int max, boolean required) {
    String stripped = value.strip().replaceAll("\\s+", " ");
    if (required && stripped.isEmpty()) {
      throw AgentFailure.invalidInput(path + " must not be blank");
    }
    if (stripped.codePointCount(0, stripped.length()) > max) {
      throw AgentFailure.invalidInput(path + " has more than " + max + " characters");
    }
    return stripped;
  }
}
