package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.compliance.Finding;
import ai.maily.mesh.agents.copy.PhraseLibrary.Section;
import ai.maily.mesh.agents.embedding.Embedding;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jsoup.Jsoup;

/**
 * The copywriter's generator without a language model: fills the {@link PhraseLibrary}'s patterns
 * for the brief's goal and tone with the brief's values, keeps the candidates that pass the
 * compliance rules on subjects and spam phrases, embeds them with the node's local model and picks
 * the variants by {@link Mmr maximal marginal relevance} to the brief (ADR 0031).
 *
 * <p>Every choice follows from the brief and its seed: the same brief and seed give the same copy.
 */
public final class LocalComposer implements CopyGenerator {

  /** The generator's name in the agent's output. */
  public static final String NAME = "local";

  /** Relevance against difference in {@link Mmr}: mostly relevance, enough difference to vary. */
  static final double LAMBDA = 0.7;

  /**
   * Taken off the relevance of patterns written for another tone, which join the pool only when the
   * brief's tone alone yields too few; a tenth of a cosine ranks them after close matches.
   */
  static final double OTHER_TONE_PENALTY = 0.1;

  // Compliance advises preheaders of 40 to 100 characters; a short one still beats none.
  private static final int PREHEADER_MIN = 30;
  private static final int PREHEADER_MAX = 100;

  private final Function<AgentContext, EmbeddingModel> embeddings;
  private final PhraseLibrary library;
  private final BodyWriter bodies;

  /** A composer with the shipped library that embeds with the model {@code embeddings} gives. */
  public LocalComposer(Function<AgentContext, EmbeddingModel> embeddings) {
    this(embeddings, PhraseLibrary.shipped());
  }

  LocalComposer(Function<AgentContext, EmbeddingModel> embeddings, PhraseLibrary library) {
    this.embeddings = embeddings;
    this.library = library;
    this.bodies = new BodyWriter(library);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletionStage<Copy> write(CopyBrief brief, AgentContext context) {
    Template.Fill fill = BriefSlots.of(brief, library);
    List<Candidate> subjects = lines(Section.SUBJECTS, brief, fill, LocalComposer::goodSubject);
    if (subjects.isEmpty()) {
      throw AgentFailure.invalidInput(
          "no subject line written from this brief passes the compliance rules on subjects;"
              + " check input.brief.product and input.brief.keyPoints for phrases spam filters"
              + " score: "
              + ComplianceRules.spamPhrases(brief.product() + " " + brief.keyPoints()));
    }
    List<Candidate> preheaders =
        lines(Section.PREHEADERS, brief, fill, LocalComposer::goodPreheader);
    List<Candidate> bodyCandidates =
        bodies.candidates(brief, fill).stream()
            .filter(body -> ComplianceRules.spamPhrases(body.seen()).isEmpty())
            .map(body -> new Candidate(body, 0, body))
            .toList();
    Drafts drafts = Drafts.of(brief.draft());

    List<String> texts = new ArrayList<>();
    texts.add(query(brief));
    subjects.forEach(c -> texts.add(c.rendered().seen()));
    preheaders.forEach(c -> texts.add(c.rendered().seen()));
    bodyCandidates.forEach(c -> texts.add(c.rendered().seen()));
    texts.addAll(drafts.texts());
    return embeddings
        .apply(context)
        .embedAll(texts)
        .thenApply(
            vectors -> {
              Embedding query = vectors.get(0);
              Vectors rest = new Vectors(vectors, 1);
              List<CopyVariant> subjectVariants =
                  pick("s", subjects, rest.next(subjects.size()), query, brief.variants(), false);
              List<CopyVariant> preheaderVariants =
                  pick(
                      "p",
                      preheaders,
                      rest.next(preheaders.size()),
                      query,
                      brief.variants(),
                      false);
              List<CopyVariant> bodyVariants =
                  pick(
                      "b",
                      bodyCandidates,
                      rest.next(bodyCandidates.size()),
                      query,
                      brief.variants(),
                      true);
              drafts.subject().ifPresent(d -> subjectVariants.add(d.variant(query, rest.next())));
              drafts
                  .preheader()
                  .ifPresent(d -> preheaderVariants.add(d.variant(query, rest.next())));
              drafts.body().ifPresent(d -> bodyVariants.add(d.variant(query, rest.next())));
              return new Copy(subjectVariants, preheaderVariants, bodyVariants);
            });
  }

  /**
   * The text each candidate is compared with: what the campaign is, the product, the key points,
   * the offer or the event's date and place, and the audience, in plain sentences.
   */
  static String query(CopyBrief brief) {
    StringBuilder query = new StringBuilder(brief.goal().description()).append(": ");
    // What the goal turns on comes first: the offer for a promotion, the date for an event.
    switch (brief.goal()) {
      case PROMOTION -> {
        brief.offer().ifPresent(offer -> query.append(offer).append(" on "));
        query.append(brief.product());
        brief.deadline().ifPresent(deadline -> query.append(" until ").append(deadline));
      }
      case EVENT -> {
        query.append(brief.product());
        brief.date().ifPresent(date -> query.append(" on ").append(date));
        brief.place().ifPresent(place -> query.append(" at ").append(place));
      }
      default -> query.append(brief.product());
    }
    brief.brand().ifPresent(brand -> query.append(" from ").append(brand));
    query.append('.');
    brief.keyPoints().forEach(point -> query.append(' ').append(point).append('.'));
    brief.audience().ifPresent(audience -> query.append(" For ").append(audience).append('.'));
    return query.toString();
  }

  /**
   * Fills every pattern of {@code section} for the brief's goal and tone, once per key point where
   * it names one, and keeps the distinct ones that pass {@code good}; when they come from too few
   * patterns to choose from, the goal's patterns for other tones join, at a penalty.
   */
  private List<Candidate> lines(
      Section section, CopyBrief brief, Template.Fill fill, Predicate<String> good) {
    Set<String> seen = new HashSet<>();
    List<Candidate> candidates = new ArrayList<>();
    fillAll(library.phrases(section, brief.goal(), brief.tone()), brief, fill, good, 0, seen)
        .forEach(candidates::add);
    long patterns = candidates.stream().map(Candidate::origin).distinct().count();
    if (patterns < brief.variants() + 2) {
      fillAll(
              library.otherTones(section, brief.goal(), brief.tone()),
              brief,
              fill,
              good,
              OTHER_TONE_PENALTY,
              seen)
          .forEach(candidates::add);
    }
    return candidates;
  }

  private static List<Candidate> fillAll(
      List<Template> templates,
      CopyBrief brief,
      Template.Fill fill,
      Predicate<String> good,
      double penalty,
      Set<String> seen) {
    List<Candidate> candidates = new ArrayList<>();
    for (Template template : templates) {
      boolean perKeyPoint = template.mentions("benefit") || template.mentions("benefit_lc");
      int fills = perKeyPoint ? brief.keyPoints().size() : 1;
      for (int k = 0; k < fills; k++) {
        Template.Fill filled =
            perKeyPoint ? BriefSlots.withKeyPoint(fill, brief.keyPoints().get(k)) : fill;
        template
            .render(filled, random(brief.seed(), template, k))
            .map(Capitals::sentence)
            .filter(rendered -> good.test(rendered.seen()))
            .filter(rendered -> seen.add(rendered.seen().toLowerCase(Locale.ROOT)))
            .ifPresent(rendered -> candidates.add(new Candidate(rendered, penalty, template)));
      }
    }
    return candidates;
  }

  /** A random of its own per pattern and key point, so adding a pattern changes no other. */
  private static Random random(long seed, Template template, int keyPoint) {
    return new Random(seed * 31 + template.source().hashCode() * 1_000_003L + keyPoint);
  }

  private static boolean goodSubject(String subject) {
    return ComplianceRules.checkSubject(subject).isEmpty();
  }

  private static boolean goodPreheader(String preheader) {
    int length = preheader.codePointCount(0, preheader.length());
    return length >= PREHEADER_MIN
        && length <= PREHEADER_MAX
        && ComplianceRules.spamPhrases(preheader).isEmpty();
  }

  private static List<CopyVariant> pick(
      String prefix,
      List<Candidate> candidates,
      List<Embedding> vectors,
      Embedding query,
      int count,
      boolean withHtml) {
    double[] relevance = new double[candidates.size()];
    double[] ranking = new double[candidates.size()];
    int[] groups = new int[candidates.size()];
    Map<Object, Integer> origins = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      relevance[i] = vectors.get(i).similarity(query);
      ranking[i] = relevance[i] - candidates.get(i).penalty();
      groups[i] = origins.computeIfAbsent(candidates.get(i).origin(), origin -> origins.size());
    }
    List<CopyVariant> variants = new ArrayList<>();
    for (int index : Mmr.select(ranking, vectors, groups, count, LAMBDA)) {
      Template.Rendered rendered = candidates.get(index).rendered();
      variants.add(
          new CopyVariant(
              prefix + (variants.size() + 1),
              rendered.text(),
              withHtml ? Optional.of(rendered.html()) : Optional.empty(),
              score(relevance[index]),
              NAME,
              List.of()));
    }
    return variants;
  }

  /** A cosine as a score: negative similarity means unrelated, so 0; three decimals. */
  static double score(double similarity) {
    return Math.round(Math.max(0, Math.min(1, similarity)) * 1000) / 1000.0;
  }

  /**
   * A filled pattern, what its relevance loses in ranking, and what it was filled from (the
   * pattern; a body is its own), of which {@link Mmr} picks one while others remain.
   */
  private record Candidate(Template.Rendered rendered, double penalty, Object origin) {}

  /** Hands out consecutive slices of the embeddings, in the order the texts were given. */
  private static final class Vectors {

    private final List<Embedding> vectors;
    private int next;

    Vectors(List<Embedding> vectors, int first) {
      this.vectors = vectors;
      this.next = first;
    }

    List<Embedding> next(int count) {
      List<Embedding> slice = vectors.subList(next, next + count);
      next += count;
      return slice;
    }

    Embedding next() {
      return vectors.get(next++);
    }
  }

  /** The parts of the marketer's draft, weighed beside the written variants. */
  private record Drafts(
      Optional<DraftPart> subject, Optional<DraftPart> preheader, Optional<DraftPart> body) {

    static Drafts of(Optional<Email> draft) {
      if (draft.isEmpty()) {
        return new Drafts(Optional.empty(), Optional.empty(), Optional.empty());
      }
      Email email = draft.get();
      List<String> subjectFlags =
          ComplianceRules.checkSubject(email.subject()).stream()
              .filter(finding -> finding.severity().deduction() > 0)
              .map(Finding::rule)
              .map(rule -> rule.id())
              .distinct()
              .toList();
      Optional<DraftPart> subject =
          Optional.of(new DraftPart("s-draft", email.subject(), Optional.empty(), subjectFlags));
      Optional<DraftPart> preheader =
          email
              .preheader()
              .filter(text -> !text.isBlank())
              .map(text -> new DraftPart("p-draft", text, Optional.empty(), phraseFlags(text)));
      Optional<String> bodyText =
          email
              .text()
              .filter(text -> !text.isBlank())
              .or(() -> email.html().map(html -> Jsoup.parse(html).text()))
              .filter(text -> !text.isBlank());
      Optional<DraftPart> body =
          bodyText.map(text -> new DraftPart("b-draft", text, email.html(), phraseFlags(text)));
      return new Drafts(subject, preheader, body);
    }

    List<String> texts() {
      List<String> texts = new ArrayList<>();
      subject.ifPresent(part -> texts.add(part.text()));
      preheader.ifPresent(part -> texts.add(part.text()));
      body.ifPresent(part -> texts.add(part.text()));
      return texts;
    }

    private static List<String> phraseFlags(String text) {
      return ComplianceRules.spamPhrases(text).isEmpty() ? List.of() : List.of("spam-phrases");
    }
  }

  /** One part of the draft and the compliance rules it breaks. */
  private record DraftPart(String id, String text, Optional<String> html, List<String> flags) {

    CopyVariant variant(Embedding query, Embedding vector) {
      return new CopyVariant(
          id, text, html, score(vector.similarity(query)), CopyVariant.DRAFT, flags);
    }
  }
}
