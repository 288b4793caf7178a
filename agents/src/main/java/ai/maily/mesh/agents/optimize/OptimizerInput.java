package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.agents.CopyVariants;
import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;

/**
 * What the optimizer chooses from and for: the copywriter's variants among the outputs of the steps
 * it depends on (else the draft in {@code input.email}), what compliance objected to and what
 * brand-voice scored each variant, the industry whose benchmark is the prior, and when and where
 * the email may go out.
 *
 * @param subjects the subject lines to choose from
 * @param preheaders the preheaders to choose from; may be empty
 * @param bodies the bodies to choose from; may be empty
 * @param compliance true when a compliance output was among the dependencies
 * @param industry the benchmark the priors start from
 * @param zone the audience's time zone, for the send time
 * @param notBefore the earliest send time, if given
 * @param notAfter the latest send time, if given
 * @param segment the audience segment predictions are asked for, if given
 * @param draft the email in {@code input.email}, if given: its sender and headers frame the chosen
 *     content in the optimizer's {@code email}
 */
record OptimizerInput(
    List<Option> subjects,
    List<Option> preheaders,
    List<Option> bodies,
    boolean compliance,
    Priors.IndustryRates industry,
    ZoneId zone,
    Optional<Instant> notBefore,
    Optional<Instant> notAfter,
    Optional<String> segment,
    Optional<Email> draft) {

  OptimizerInput {
    subjects = List.copyOf(subjects);
    preheaders = List.copyOf(preheaders);
    bodies = List.copyOf(bodies);
  }

  /**
   * Reads a step's input: {@code deps} for a copywriter's and compliance's outputs, {@code
   * input.email}, {@code input.brief.industry} and {@code input.schedule}.
   *
   * @throws AgentFailure naming the offending field when the input is invalid
   */
  static OptimizerInput from(AgentRequest request, Priors priors) {
    InputNode input = InputNode.taskInput(request);
    JsonNode stepInput = request.input() == null ? MissingNode.getInstance() : request.input();
    Optional<InputNode> copy = Optional.empty();
    List<JsonNode> compliance = new ArrayList<>();
    List<JsonNode> brandVoice = new ArrayList<>();
    for (Map.Entry<String, JsonNode> dep : stepInput.path("deps").properties()) {
      JsonNode output = dep.getValue();
      if (copy.isEmpty() && CopyVariants.isCopy(output)) {
        copy = Optional.of(new InputNode(output, "deps." + dep.getKey()));
      } else if (ComplianceFlags.isComplianceOutput(output)) {
        compliance.add(output);
      } else if (BrandVoiceScores.isBrandVoiceOutput(output)) {
        brandVoice.add(output);
      }
    }
    ComplianceFlags flags = ComplianceFlags.of(compliance);
    BrandVoiceScores voices = BrandVoiceScores.of(brandVoice);
    List<Option> subjects;
    List<Option> preheaders;
    List<Option> bodies;
    Optional<Email> given = input.optionalObject("email").map(Email::from);
    if (copy.isPresent()) {
      subjects = options(copy.get(), "subjects");
      preheaders = options(copy.get(), "preheaders");
      bodies = options(copy.get(), "bodies");
    } else {
      Email draft =
          given.orElseThrow(
              () ->
                  AgentFailure.invalidInput(
                      "input.email is required when no copywriter step comes before the"
                          + " optimizer"));
      subjects = List.of(new Option("s-draft", draft.subject(), Optional.empty(), 0, List.of()));
      preheaders =
          draft.preheader().filter(p -> !p.isBlank()).stream()
              .map(p -> new Option("p-draft", p, Optional.empty(), 0, List.of()))
              .toList();
      bodies =
          draft
              .text()
              .filter(text -> !text.isBlank())
              .or(() -> draft.html().map(html -> Jsoup.parse(html).text()))
              .filter(text -> !text.isBlank())
              .stream()
              .map(text -> new Option("b-draft", text, draft.html(), 0, List.of()))
              .toList();
    }
    if (subjects.isEmpty()) {
      throw AgentFailure.invalidInput(copy.get().path() + ".subjects must not be empty");
    }
    Optional<InputNode> schedule = input.optionalObject("schedule");
    Optional<Instant> notBefore = schedule.flatMap(s -> instant(s, "notBefore"));
    Optional<Instant> notAfter = schedule.flatMap(s -> instant(s, "notAfter"));
    if (notBefore.isPresent() && notAfter.isPresent() && notAfter.get().isBefore(notBefore.get())) {
      throw AgentFailure.invalidInput("input.schedule.notAfter must not be before notBefore");
    }
    return new OptimizerInput(
        weigh(subjects, flags, voices),
        weigh(preheaders, flags, voices),
        weigh(bodies, flags, voices),
        !compliance.isEmpty(),
        industry(input, priors),
        schedule
            .flatMap(s -> s.optionalText("timezone"))
            .map(OptimizerInput::zone)
            .orElse(ZoneId.of("UTC")),
        notBefore,
        notAfter,
        schedule.flatMap(s -> s.optionalText("segment")).filter(s -> !s.isBlank()),
        given);
  }

  private static List<Option> options(InputNode copy, String field) {
    List<Option> options = new ArrayList<>();
    for (InputNode variant : copy.objects(field)) {
      JsonNode score = variant.value().path("score");
      options.add(
          new Option(
              variant.requiredText("id"),
              variant.requiredText("text"),
              variant.optionalText("html"),
              score.isNumber() ? score.doubleValue() : 0,
              variant.texts("flags").stream().map(rule -> "breaks " + rule).toList()));
    }
    return options;
  }

  private static List<Option> weigh(
      List<Option> options, ComplianceFlags flags, BrandVoiceScores voices) {
    return options.stream()
        .map(
            option ->
                option
                    .withFlags(flags.against(option.id(), option.text()))
                    .withVoice(voices.of(option.id())))
        .toList();
  }

  private static Priors.IndustryRates industry(InputNode input, Priors priors) {
    Optional<String> id =
        input.optionalObject("brief").flatMap(brief -> brief.optionalText("industry"));
    if (id.isEmpty()) {
      return priors.defaultRates();
    }
    return priors
        .rates(id.get())
        .orElseThrow(
            () ->
                AgentFailure.invalidInput(
                    "input.brief.industry must be one of "
                        + String.join(", ", priors.industries().keySet().stream().sorted().toList())
                        + ", got '"
                        + id.get()
                        + "'"));
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw AgentFailure.invalidInput(
          "input.schedule.timezone must be a time zone such as Europe/Berlin, got '" + id + "'");
    }
  }

  private static Optional<Instant> instant(InputNode schedule, String field) {
    return schedule
        .optionalText(field)
        .map(
            text -> {
              try {
                return OffsetDateTime.parse(text).toInstant();
              } catch (DateTimeParseException e) {
                throw AgentFailure.invalidInput(
                    "input.schedule."
                        + field
                        + " must be a date-time with an offset, e.g. 2025-05-06T09:00:00-06:00,"
                        + " got '"
                        + text
                        + "'");
              }
            });
  }
}
