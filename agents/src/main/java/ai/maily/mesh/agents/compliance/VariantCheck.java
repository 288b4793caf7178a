package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.CopyVariants;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.personalize.MergeTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Compliance's check of the copywriter's variants, one by one, on what a recipient without the
 * merge fields sees: a subject by the rules that read a subject alone ({@link
 * ComplianceRules#checkSubject}), a preheader or body by the spam phrases ({@link
 * ComplianceRules#checkText}), and each by the spam model on its own text. A variant passes with no
 * finding of warning or worse and a spam probability under {@link SpamSignal#LIKELY}. The rules of
 * the whole email (sender, unsubscribe, links) are the draft's report: a variant does not change
 * them.
 */
final class VariantCheck {

  /**
   * A variant's result.
   *
   * @param variant the variant checked
   * @param findings what the rules found in it
   * @param spamProbability how likely its text reads as spam, 0–1
   */
  record Result(CopyVariants.Variant variant, List<Finding> findings, double spamProbability) {

    boolean passed() {
      return spamProbability < SpamSignal.LIKELY
          && findings.stream().allMatch(finding -> finding.severity() == Severity.INFO);
    }
  }

  private VariantCheck() {}

  /** The results of {@code variants}, in their order. */
  static CompletionStage<List<Result>> check(
      List<CopyVariants.Variant> variants, SpamCheck spamCheck, EmbeddingModel embeddings) {
    List<String> seen =
        variants.stream().map(v -> MergeTemplate.seenWithoutData(v.text())).toList();
    return spamCheck
        .probabilities(seen, embeddings)
        .thenApply(
            probabilities -> {
              List<Result> results = new ArrayList<>();
              for (int i = 0; i < variants.size(); i++) {
                CopyVariants.Variant variant = variants.get(i);
                List<Finding> findings =
                    variant.part() == CopyVariants.Part.SUBJECT
                        ? ComplianceRules.checkSubject(seen.get(i))
                        : ComplianceRules.checkText(seen.get(i));
                results.add(new Result(variant, findings, probabilities.get(i)));
              }
              return results;
            });
  }
}
