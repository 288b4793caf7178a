package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.agents.optimize.Decision.Scored;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.TypedAgent;
import ai.maily.mesh.core.predict.Audience;
import ai.maily.mesh.core.predict.EmailContent;
import ai.maily.mesh.core.predict.EngagementForecast;
import ai.maily.mesh.core.predict.EngagementPredictions;
import ai.maily.mesh.core.predict.NodePredictions;
import ai.maily.mesh.core.predict.RateEstimate;
import ai.maily.mesh.core.predict.SendTimeForecast;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@code optimizer} agent: picks the subject, preheader and body to send and when, with the
 * expected open and click rates and their intervals. It reads the copywriter's variants and
 * compliance's findings from the steps it depends on (or the draft in {@code input.email}), and
 * rates them from the node's {@link EngagementPredictions} when the analytics module has registered
 * them and they know every option, else from documented priors ({@code source}).
 */
public final class OptimizerAgent extends TypedAgent<OptimizerInput> {

  /** How long predictions may take before the agent answers from priors. */
  static final Duration PREDICTION_TIMEOUT = Duration.ofSeconds(2);

  private final Function<AgentContext, Optional<EngagementPredictions>> predictions;
  private final Priors priors;
  private final Optimizer optimizer;

  /** The agent as nodes host it: predictions from the node ({@link NodePredictions}), if any. */
  public OptimizerAgent() {
    this(
        context ->
            context.system() == null ? Optional.empty() : NodePredictions.find(context.system()));
  }

  /** An agent that asks {@code predictions} for a request's predictions. */
  public OptimizerAgent(Function<AgentContext, Optional<EngagementPredictions>> predictions) {
    super(
        "optimizer",
        "Picks the subject line, preheader and body most likely to be opened and clicked, and"
            + " when to send, with expected open and click rates and their intervals: from the"
            + " audience's predictions when analytics has them, from industry benchmarks if not;"
            + " passes over what compliance flagged and weighs what brand-voice scored.",
        Schemas.inputWithEmail("optimizer-input.json"),
        Schemas.inputWithEmail("optimizer-output.json"));
    this.predictions = predictions;
    this.priors = Priors.shipped();
    this.optimizer = new Optimizer(priors);
  }

  @Override
  protected OptimizerInput parse(AgentRequest request) {
    return OptimizerInput.from(request, priors);
  }

  @Override
  protected CompletionStage<AgentOutput> start(OptimizerInput input, AgentContext context) {
    Instant now = context.clock().instant();
    CompletionStage<Decision> decision =
        predictions
            .apply(context)
            .map(p -> predicted(p, input, context, now))
            .orElseGet(
                () ->
                    CompletableFuture.completedFuture(optimizer.fromPriors(input, now, List.of())));
    return decision.thenApply(d -> new AgentOutput(toJson(d, input.draft()), summary(d)));
  }

  /**
   * Asks for every subject's forecast (with the copywriter's first preheader and body), then for
   * every body's with the best subject, and the best send hour; any gap, failure or timeout falls
   * back to the priors, saying why.
   */
  private CompletionStage<Decision> predicted(
      EngagementPredictions predictions, OptimizerInput input, AgentContext context, Instant now) {
    Audience audience = new Audience(context.tenant(), input.segment());
    Optional<String> preheader = input.preheaders().stream().findFirst().map(Option::text);
    Optional<String> firstBody = input.bodies().stream().findFirst().map(Option::text);
    CompletableFuture<Optional<SendTimeForecast>> sendTime =
        bounded(predictions.bestSendTime(audience));
    return forecasts(
            predictions,
            audience,
            input.subjects(),
            s -> new EmailContent(s.text(), preheader, firstBody))
        .thenCompose(
            subjects -> {
              if (subjects.isEmpty()) {
                return CompletableFuture.completedFuture(
                    optimizer.fromPriors(
                        input, now, List.of("predictions have no forecast for every subject")));
              }
              Option best = optimizer.bestSubject(input, subjects.get());
              return forecasts(
                      predictions,
                      audience,
                      input.bodies(),
                      b -> new EmailContent(best.text(), preheader, Optional.of(b.text())))
                  .thenCombine(
                      sendTime,
                      (bodies, time) ->
                          bodies.isEmpty()
                              ? optimizer.fromPriors(
                                  input,
                                  now,
                                  List.of("predictions have no forecast for every body"))
                              : optimizer.fromPredictions(
                                  input,
                                  now,
                                  new Optimizer.Forecasts(subjects.get(), bodies.get(), time),
                                  List.of()));
            })
        .exceptionally(
            failure ->
                optimizer.fromPriors(
                    input,
                    now,
                    List.of(
                        "predictions failed ("
                            + rootMessage(failure)
                            + "); rates are from the priors")));
  }

  /** Every option's forecast by id, or empty when one of them has none. */
  private static CompletableFuture<Optional<Map<String, EngagementForecast>>> forecasts(
      EngagementPredictions predictions,
      Audience audience,
      List<Option> options,
      Function<Option, EmailContent> content) {
    List<CompletableFuture<Optional<EngagementForecast>>> calls = new ArrayList<>();
    for (Option option : options) {
      calls.add(bounded(predictions.forecast(audience, content.apply(option))));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<String, EngagementForecast> byId = new LinkedHashMap<>();
              for (int i = 0; i < options.size(); i++) {
                Optional<EngagementForecast> forecast = calls.get(i).join();
                if (forecast.isEmpty()) {
                  return Optional.empty();
                }
                byId.put(options.get(i).id(), forecast.get());
              }
              return Optional.of(byId);
            });
  }

  private static <T> CompletableFuture<T> bounded(CompletionStage<T> call) {
    return call.toCompletableFuture()
        .copy()
        .orTimeout(PREDICTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  private static String summary(Decision d) {
    return String.format(
        Locale.ROOT,
        "\"%s\", open %.1f%% (%.1f–%.1f%%), click %.1f%%, send %s (%s)",
        d.subject().option().text(),
        d.open().expected() * 100,
        d.open().low() * 100,
        d.open().high() * 100,
        d.click().expected() * 100,
        d.sendTime().at().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        d.source());
  }

  private static ObjectNode toJson(Decision d, Optional<Email> draft) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("source", d.source());
    data.set("subject", choice(d.subject()));
    d.preheader().ifPresent(p -> data.set("preheader", choice(p)));
    d.body().ifPresent(b -> data.set("variant", choice(b)));
    draft.ifPresent(e -> data.set("email", chosenEmail(d, e)));
    ObjectNode expected = data.putObject("expected");
    expected.set("open", rate(d.open()));
    expected.set("click", rate(d.click()));
    ObjectNode send = data.putObject("sendTime");
    send.put("hourOfWeek", d.sendTime().hour().value());
    send.put("day", d.sendTime().hour().day().name());
    send.put("hour", d.sendTime().hour().hour());
    send.put("timezone", d.sendTime().at().getZone().getId());
    send.put("at", d.sendTime().at().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    send.put("source", d.sendTime().source());
    send.put("reason", d.sendTime().reason());
    ranking(data.putArray("subjects"), d.subjects());
    ranking(data.putArray("bodies"), d.bodies());
    ObjectNode prior = data.putObject("prior");
    prior.put("industry", d.industry().id());
    prior.put("openRate", d.industry().open());
    prior.put("clickRate", d.industry().click());
    prior.put("source", d.industrySource());
    ArrayNode notes = data.putArray("notes");
    d.notes().forEach(notes::add);
    return data;
  }

  /**
   * The email to send: the draft's sender, reply address and headers around the chosen subject,
   * preheader and body (the draft's own where nothing was chosen). A certifier after the optimizer
   * certifies this.
   */
  private static ObjectNode chosenEmail(Decision d, Email draft) {
    ObjectNode email = JsonNodeFactory.instance.objectNode();
    email.put("from", draft.from());
    draft.replyTo().ifPresent(r -> email.put("replyTo", r));
    email.put("subject", d.subject().option().text());
    d.preheader()
        .map(p -> p.option().text())
        .or(draft::preheader)
        .ifPresent(p -> email.put("preheader", p));
    Optional<String> html = d.body().isPresent() ? d.body().get().option().html() : draft.html();
    Optional<String> text =
        d.body().isPresent() ? Optional.of(d.body().get().option().text()) : draft.text();
    html.ifPresent(h -> email.put("html", h));
    text.ifPresent(t -> email.put("text", t));
    if (!draft.headers().isEmpty()) {
      ObjectNode headers = email.putObject("headers");
      draft.headers().forEach(headers::put);
    }
    return email;
  }

  private static ObjectNode choice(Scored scored) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", scored.option().id());
    json.put("text", scored.option().text());
    ArrayNode reasons = json.putArray("reasons");
    scored.reasons().forEach(reasons::add);
    return json;
  }

  private static void ranking(ArrayNode array, List<Scored> ranked) {
    for (Scored scored : ranked) {
      ObjectNode json = array.addObject();
      json.put("id", scored.option().id());
      json.set("rate", rate(scored.rate()));
      json.put("flagged", scored.option().flagged());
      ArrayNode flags = json.putArray("flags");
      scored.option().flags().forEach(flags::add);
      scored
          .option()
          .voice()
          .ifPresent(
              voice ->
                  json.putObject("voice")
                      .put("score", voice.score())
                      .put("onVoice", voice.onVoice())
                      .put("factor", Math.round(voice.factor() * 1000) / 1000.0));
    }
  }

  private static ObjectNode rate(RateEstimate rate) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("expected", rate.expected());
    json.put("low", rate.low());
    json.put("high", rate.high());
    json.put("level", rate.level());
    return json;
  }
}
