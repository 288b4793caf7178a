package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.embedding.Embedding;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Works out an email's {@link SpamSignal}: embeds its subject and body as one text and asks the
 * {@link SpamModel}; when that reads like spam, embeds each sentence alone to say which ones do.
 *
 * <p>The reasons are sentences of the email, not weights: a marketer can read and rewrite them.
 * Sentences are embedded only for emails that read like spam, so a clean email costs one embedding.
 */
public final class SpamCheck {

  // Rules whose findings are the same kind of evidence as the model's: words and links that
  // filters score, not legal or layout problems.
  private static final Set<Rule> SPAM_RULES =
      EnumSet.of(
          Rule.SPAM_PHRASES,
          Rule.SUBJECT_ALL_CAPS,
          Rule.BODY_ALL_CAPS,
          Rule.SUBJECT_EXCLAMATION,
          Rule.BODY_EXCLAMATION,
          Rule.DECEPTIVE_SUBJECT_PREFIX,
          Rule.LINK_TEXT_DOMAIN_MISMATCH,
          Rule.URL_SHORTENER,
          Rule.IP_ADDRESS_LINK);
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\s*\\n\\s*");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final int MIN_WORDS = 4;
  private static final int MAX_SENTENCES = 12;
  private static final int MAX_REASONS = 3;
  private static final int REASON_LENGTH = 120;

  private final SpamModel model;

  /** A check that asks {@code model}. */
  public SpamCheck(SpamModel model) {
    this.model = model;
  }

  /** What the model reads of an email: the subject, a line break, and the text a reader sees. */
  public static String textOf(Email email) {
    return email.subject().strip() + "\n" + ScannedEmail.of(email, Sender.UNKNOWN).bodyText();
  }

  /** The signal of {@code email}, whose rule findings are {@code report}'s. */
  public CompletionStage<SpamSignal> check(
      Email email, ComplianceReport report, EmbeddingModel embeddings) {
    String text = textOf(email);
    return embeddings
        .embed(text)
        .thenCompose(
            whole -> {
              double probability = model.probability(whole);
              if (probability < SpamSignal.LIKELY) {
                return CompletableFuture.completedFuture(
                    new SpamSignal(round(probability), List.of(), List.of()));
              }
              List<String> sentences = sentences(text);
              return embeddings
                  .embedAll(sentences)
                  .thenApply(
                      vectors ->
                          new SpamSignal(
                              round(probability),
                              reasons(sentences, vectors),
                              agreeingRules(report)));
            });
  }

  /**
   * How likely each of {@code texts} reads as spam to the model, rounded as {@link SpamSignal}'s
   * probability: for texts checked on their own, such as the copywriter's variants.
   */
  public CompletionStage<List<Double>> probabilities(
      List<String> texts, EmbeddingModel embeddings) {
    if (texts.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return embeddings
        .embedAll(texts)
        .thenApply(vectors -> vectors.stream().map(v -> round(model.probability(v))).toList());
  }

  /** The subject and the body's sentences of at least four words, first ones first, no repeats. */
  static List<String> sentences(String text) {
    Set<String> sentences = new LinkedHashSet<>();
    for (String sentence : SENTENCE_END.split(text)) {
      String stripped = sentence.strip().replaceAll("\\s+", " ");
      if (WORD.matcher(stripped).results().count() >= MIN_WORDS) {
        sentences.add(stripped);
        if (sentences.size() == MAX_SENTENCES) {
          break;
        }
      }
    }
    return List.copyOf(sentences);
  }

  private List<SpamSignal.Reason> reasons(List<String> sentences, List<Embedding> vectors) {
    List<SpamSignal.Reason> reasons = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      double probability = model.probability(vectors.get(i));
      if (probability >= SpamSignal.LIKELY) {
        reasons.add(new SpamSignal.Reason(cut(sentences.get(i)), round(probability)));
      }
    }
    // Stable sort: among equal probabilities the earlier sentence comes first.
    reasons.sort(Comparator.comparingDouble(SpamSignal.Reason::probability).reversed());
    return reasons.subList(0, Math.min(MAX_REASONS, reasons.size()));
  }

  private static List<String> agreeingRules(ComplianceReport report) {
    return report.findings().stream()
        .map(Finding::rule)
        .filter(SPAM_RULES::contains)
        .map(Rule::id)
        .toList();
  }

  private static String cut(String sentence) {
    if (sentence.length() <= REASON_LENGTH) {
      return sentence;
    }
    return sentence.substring(0, REASON_LENGTH - 1).stripTrailing() + "…";
  }

  private static double round(double probability) {
    return Math.round(probability * 1000) / 1000.0;
  }
}
