package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.compliance.Finding;
import ai.maily.mesh.agents.embedding.Embedding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jsoup.Jsoup;

/**
 * The parts of the marketer's draft, weighed beside the written variants (last in each list, with
 * {@code source: draft}) and flagged with the compliance rules they break.
 */
record DraftCopy(
    Optional<DraftCopy.Part> subject,
    Optional<DraftCopy.Part> preheader,
    Optional<DraftCopy.Part> body) {

  static DraftCopy of(Optional<Email> draft) {
    if (draft.isEmpty()) {
      return new DraftCopy(Optional.empty(), Optional.empty(), Optional.empty());
    }
    Email email = draft.get();
    List<String> subjectFlags =
        ComplianceRules.checkSubject(email.subject()).stream()
            .filter(finding -> finding.severity().deduction() > 0)
            .map(Finding::rule)
            .map(rule -> rule.id())
            .distinct()
            .toList();
    Optional<Part> subject =
        Optional.of(new Part("s-draft", email.subject(), Optional.empty(), subjectFlags));
    Optional<Part> preheader =
        email
            .preheader()
            .filter(text -> !text.isBlank())
            .map(text -> new Part("p-draft", text, Optional.empty(), phraseFlags(text)));
    Optional<String> bodyText =
        email
            .text()
            .filter(text -> !text.isBlank())
            .or(() -> email.html().map(html -> Jsoup.parse(html).text()))
            .filter(text -> !text.isBlank());
    Optional<Part> body =
        bodyText.map(text -> new Part("b-draft", text, email.html(), phraseFlags(text)));
    return new DraftCopy(subject, preheader, body);
  }

  /** The texts to embed, in the order {@link #addTo} takes their embeddings. */
  List<String> texts() {
    List<String> texts = new ArrayList<>();
    subject.ifPresent(part -> texts.add(part.text()));
    preheader.ifPresent(part -> texts.add(part.text()));
    body.ifPresent(part -> texts.add(part.text()));
    return texts;
  }

  /** Adds each part, scored against {@code query}, after the written variants of its kind. */
  void addTo(
      List<CopyVariant> subjects,
      List<CopyVariant> preheaders,
      List<CopyVariant> bodies,
      Embedding query,
      EmbeddingCursor vectors) {
    subject.ifPresent(part -> subjects.add(part.variant(query, vectors.next())));
    preheader.ifPresent(part -> preheaders.add(part.variant(query, vectors.next())));
    body.ifPresent(part -> bodies.add(part.variant(query, vectors.next())));
  }

  private static List<String> phraseFlags(String text) {
    return ComplianceRules.spamPhrases(text).isEmpty()
        ? List.of()
        : List.of(CopyChecks.SPAM_PHRASES);
  }

  /** One part of the draft and the compliance rules it breaks. */
  record Part(String id, String text, Optional<String> html, List<String> flags) {

    CopyVariant variant(Embedding query, Embedding vector) {
      return new CopyVariant(
          id, text, html, LocalComposer.score(vector.similarity(query)), CopyVariant.DRAFT, flags);
    }
  }
}
