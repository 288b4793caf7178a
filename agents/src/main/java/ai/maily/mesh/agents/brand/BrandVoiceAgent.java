package ai.maily.mesh.agents.brand;

import ai.maily.mesh.agents.CopyVariants;
import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.agents.ResultFingerprint;
import ai.maily.mesh.agents.Schemas;
import ai.maily.mesh.agents.embedding.Embedding;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.embedding.NodeEmbeddings;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.ResultCaching;
import ai.maily.mesh.core.agent.TypedAgent;
import ai.maily.mesh.core.memory.Memory;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.UnitVector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The {@code brand-voice} agent: scores {@code input.email} against the tenant's brand and flags
 * the sentences that are off-voice, each with its reason (see {@link VoiceCheck}). When a
 * copywriter's output is among the step's dependencies, it scores each of its variants on its own
 * too ({@code variants}), which the optimizer weighs in its choice.
 *
 * <p>It learns the brand from its memory of the tenant ({@link AgentContext#memory()}): approved
 * examples and facts are the samples each sentence is compared with by meaning (the newest 20),
 * approved examples alone give the brand's readability, sentence length and formality, and
 * preferences may ban phrases ({@link BannedPhrases}). Approved content becomes a sample by adding
 * it as an {@code approved-example} memory. Without samples it says so and scores on readability,
 * sentence length and formality alone.
 */
public final class BrandVoiceAgent extends TypedAgent<BrandVoiceAgent.Assignment> {

  /**
   * What one request asks: the email, and the copywriter's variants among the step's dependencies
   * (none without a copywriter step), each scored on its own.
   */
  record Assignment(Email email, List<CopyVariants.Variant> variants) {}

  /** The newest samples compared with; older ones are kept in memory but not read here. */
  static final int SAMPLES = 20;

  /** The newest preferences read for banned phrases. */
  static final int PREFERENCES = 50;

  private static final String NO_SAMPLES =
      "the tenant has no brand samples yet, so the email was scored on readability, sentence"
          + " length and formality alone; add approved examples with POST"
          + " /api/v1/agents/brand-voice/memory";

  /** The version of the voice check: raise it with any change to its code. */
  static final String VERSION = "brand-voice-1";

  private final Function<AgentContext, EmbeddingModel> embeddings;
  private final Optional<ResultCaching> resultCaching;

  /**
   * The agent as nodes host it: it embeds with the node's model ({@link NodeEmbeddings}), and its
   * results are reused for the same input while the tenant's memory stays as it was, since the
   * score is a function of the input, the memory and the embedding model alone.
   */
  public BrandVoiceAgent() {
    this(
        context -> NodeEmbeddings.cached(context.system()),
        Optional.of(
            ResultCaching.always(ResultFingerprint.of(VERSION, BrandVoiceAgent.class), true)));
  }

  /**
   * An agent that embeds with the model {@code embeddings} gives for a request's context; its
   * results are not cached.
   */
  public BrandVoiceAgent(Function<AgentContext, EmbeddingModel> embeddings) {
    this(embeddings, Optional.empty());
  }

  private BrandVoiceAgent(
      Function<AgentContext, EmbeddingModel> embeddings, Optional<ResultCaching> resultCaching) {
    super(
        "brand-voice",
        "Scores an email from 0 to 100 against the tenant's brand voice, learnt from its approved"
            + " examples, facts and preferences (similarity in meaning, Flesch readability,"
            + " sentence length, formality), and flags each off-voice sentence with its reason.",
        Schemas.inputWithEmail("brand-voice-input.json"),
        Schemas.load("brand-voice-output.json"));
    this.embeddings = embeddings;
    this.resultCaching = resultCaching;
  }

  @Override
  public Optional<ResultCaching> resultCaching() {
    return resultCaching;
  }

  @Override
  protected Assignment parse(AgentRequest request) {
    return new Assignment(
        Email.from(InputNode.taskInput(request).requiredObject("email")), CopyVariants.of(request));
  }

  @Override
  protected CompletionStage<AgentOutput> start(Assignment assignment, AgentContext context) {
    List<VoiceCheck.Sentence> sentences = EmailText.sentences(assignment.email());
    if (sentences.isEmpty()) {
      throw AgentFailure.invalidInput(
          "input.email has no text to score: subject and body are empty");
    }
    // The email first, then each variant that has a sentence to score.
    List<CopyVariants.Variant> variants = new ArrayList<>();
    List<List<VoiceCheck.Sentence>> texts = new ArrayList<>();
    texts.add(sentences);
    for (CopyVariants.Variant variant : assignment.variants()) {
      List<VoiceCheck.Sentence> own = EmailText.sentences(variant.part().label(), variant.text());
      if (!own.isEmpty()) {
        variants.add(variant);
        texts.add(own);
      }
    }
    var memory = context.memory();
    return memory
        .recent(EnumSet.of(MemoryKind.APPROVED_EXAMPLE, MemoryKind.FACT), SAMPLES)
        .thenCombine(memory.recent(EnumSet.of(MemoryKind.PREFERENCE), PREFERENCES), Brand::new)
        .exceptionally(
            error -> {
              Throwable cause = error instanceof CompletionException ? error.getCause() : error;
              throw AgentFailure.transientFault(
                  "cannot read the tenant's brand memory: " + cause.getMessage());
            })
        .thenCompose(brand -> check(texts, brand, context))
        .thenApply(
            reports ->
                new AgentOutput(
                    toJson(reports.get(0), variants, reports.subList(1, reports.size())),
                    summary(reports.get(0), variants, reports.subList(1, reports.size()))));
  }

  /** What the tenant's memory says of its brand. */
  private record Brand(List<Memory> samples, List<Memory> preferences) {

    BrandProfile profile() {
      return BrandProfile.of(
          samples.stream()
              .filter(memory -> memory.kind() == MemoryKind.APPROVED_EXAMPLE)
              .map(Memory::text)
              .toList());
    }

    BannedPhrases banned() {
      return BannedPhrases.fromPreferences(preferences.stream().map(Memory::text).toList());
    }
  }

  /** The report of each of {@code texts}, in their order, from one embedding call for all. */
  private CompletionStage<List<VoiceReport>> check(
      List<List<VoiceCheck.Sentence>> texts, Brand brand, AgentContext context) {
    BrandProfile profile = brand.profile();
    BannedPhrases banned = brand.banned();
    if (brand.samples().isEmpty()) {
      return CompletableFuture.supplyAsync(
          () ->
              texts.stream()
                  .map(text -> VoiceCheck.check(text, List.of(), 0, profile, banned))
                  .toList(),
          context.blockingExecutor());
    }
    return embeddings
        .apply(context)
        .embedAll(texts.stream().flatMap(List::stream).map(VoiceCheck.Sentence::text).toList())
        .thenApplyAsync(
            vectors -> {
              List<Double> closest = closest(vectors, brand.samples());
              List<VoiceReport> reports = new ArrayList<>();
              int from = 0;
              for (List<VoiceCheck.Sentence> text : texts) {
                reports.add(
                    VoiceCheck.check(
                        text,
                        closest.subList(from, from + text.size()),
                        brand.samples().size(),
                        profile,
                        banned));
                from += text.size();
              }
              return reports;
            },
            context.blockingExecutor());
  }

  /** Each sentence's highest cosine similarity to a sample of the same dimensions. */
  private static List<Double> closest(List<Embedding> sentences, List<Memory> samples) {
    List<Double> closest = new ArrayList<>(sentences.size());
    for (Embedding sentence : sentences) {
      UnitVector vector = sentence.vector();
      closest.add(
          samples.stream()
              .map(Memory::embedding)
              .filter(sample -> sample.dimensions() == vector.dimensions())
              .mapToDouble(vector::similarity)
              .max()
              .orElse(0));
    }
    return closest;
  }

  private static String summary(
      VoiceReport report, List<CopyVariants.Variant> variants, List<VoiceReport> reports) {
    return String.format(
            Locale.ROOT,
            "score %d/100, %s, %d sentence(s) flagged, %s",
            report.score(),
            report.onVoice() ? "on voice" : "off voice",
            report.flags().size(),
            report.samples() > 0
                ? "against " + report.samples() + " brand sample(s)"
                : "no brand samples yet: readability and formality only")
        + (variants.isEmpty()
            ? ""
            : "; "
                + reports.stream().filter(VoiceReport::onVoice).count()
                + " of "
                + variants.size()
                + " variants on voice");
  }

  private static ObjectNode toJson(
      VoiceReport report, List<CopyVariants.Variant> variants, List<VoiceReport> reports) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("score", report.score());
    data.put("onVoice", report.onVoice());
    data.put("basis", report.samples() > 0 ? "brand-samples" : "general-style");
    data.put("samples", report.samples());
    if (report.samples() == 0) {
      data.put("note", NO_SAMPLES);
    }
    ObjectNode metrics = data.putObject("metrics");
    report.metrics().similarity().ifPresent(s -> metrics.put("similarity", rounded(s, 3)));
    metrics.put("readingEase", rounded(report.metrics().readingEase(), 1));
    metrics.put("gradeLevel", rounded(report.metrics().gradeLevel(), 1));
    metrics.put("averageSentenceWords", rounded(report.metrics().wordsPerSentence(), 1));
    metrics.put("formality", rounded(report.metrics().formality(), 2));
    BrandProfile profile = report.profile();
    data.putObject("brand")
        .put("fromSamples", profile.fromSamples())
        .put("readingEase", rounded(profile.readingEase(), 1))
        .put("averageSentenceWords", rounded(profile.wordsPerSentence(), 1))
        .put("maxSentenceWords", profile.maxSentenceWords())
        .put("formality", rounded(profile.formality(), 2))
        .put("register", profile.register());
    ObjectNode fit = data.putObject("fit");
    report.fit().similarity().ifPresent(s -> fit.put("similarity", rounded(s, 3)));
    fit.put("readability", rounded(report.fit().readability(), 3));
    fit.put("sentenceLength", rounded(report.fit().sentenceLength(), 3));
    fit.put("formality", rounded(report.fit().formality(), 3));
    ArrayNode flags = data.putArray("flags");
    for (VoiceReport.Flag flag : report.flags()) {
      ObjectNode json = flags.addObject().put("part", flag.part()).put("sentence", flag.sentence());
      ArrayNode reasons = json.putArray("reasons");
      flag.reasons()
          .forEach(r -> reasons.addObject().put("code", r.code()).put("message", r.message()));
    }
    ArrayNode banned = data.putArray("bannedPhrases");
    report.bannedPhrases().forEach(banned::add);
    if (!variants.isEmpty()) {
      ArrayNode scored = data.putArray("variants");
      for (int i = 0; i < variants.size(); i++) {
        VoiceReport own = reports.get(i);
        ObjectNode json =
            scored
                .addObject()
                .put("id", variants.get(i).id())
                .put("part", variants.get(i).part().label())
                .put("score", own.score())
                .put("onVoice", own.onVoice());
        ArrayNode reasons = json.putArray("reasons");
        own.flags().stream()
            .flatMap(flag -> flag.reasons().stream())
            .map(VoiceReport.Reason::code)
            .distinct()
            .forEach(reasons::add);
      }
    }
    return data;
  }

  private static double rounded(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
