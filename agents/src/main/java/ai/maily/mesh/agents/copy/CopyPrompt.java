package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.llm.AnswerFormat;
import ai.maily.mesh.agents.llm.ChatRequest;
import ai.maily.mesh.agents.llm.Prompt;
import ai.maily.mesh.agents.llm.PromptBuilder;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.agent.TypedAgent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the copywriter asks a language model (ADR 0028, 0031): the mesh's instructions in the system
 * message — the campaign's goal and tone, how many variants, compliance's limits on subjects, the
 * spam phrases never to use, which merge tags are allowed, the form of the answer — and the users'
 * content only as data blocks: {@code brief}, {@code merge-fields} and {@code draft}. Nothing a
 * user wrote reaches the instructions; a brief that says "ignore previous instructions" is a brief
 * about that.
 */
final class CopyPrompt {

  /** The answer's schema, before the variant count is set in it. */
  private static final JsonNode ANSWER = TypedAgent.readSchema(CopyPrompt.class, "llm-answer.json");

  // A body of 60 to 180 words is about 250 tokens, a subject and a preheader about 40 together,
  // plus JSON's quotes and escapes: 384 a variant leaves room, 256 covers the object around them.
  static final int TOKENS_PER_VARIANT = 384;
  static final int TOKENS_BASE = 256;

  // The example campaign's prompt (brief, merge fields, draft, instructions, schema) estimates at
  // about 1,270 tokens; a longer draft adds up to 1,000 more (MAX_DRAFT_BODY / 4).
  static final int TYPICAL_PROMPT_TOKENS = 1300;

  /** What a typical call reserves: its prompt, and the answer's limit at the default variants. */
  static final long TYPICAL_TOKENS =
      TYPICAL_PROMPT_TOKENS + TOKENS_BASE + (long) TOKENS_PER_VARIANT * CopyBrief.DEFAULT_VARIANTS;

  // Varied copy rather than the single likeliest line; the schema holds the form.
  static final double TEMPERATURE = 0.7;

  // Bounds the draft's share of the prompt; a draft's facts are near its start.
  static final int MAX_DRAFT_BODY = 4000;

  private CopyPrompt() {}

  /** The call for {@code brief}, with the marketer's {@code draft} as reference. */
  static ChatRequest of(CopyBrief brief, DraftCopy draft) {
    int n = brief.variants();
    PromptBuilder prompt =
        Prompt.builder()
            .instructions(task(brief, draft))
            .instructions(rules(brief))
            .data("brief", briefData(brief));
    if (!brief.mergeFields().isEmpty()) {
      ArrayNode fields = Json.MAPPER.createArrayNode();
      brief.mergeFields().stream().sorted().forEach(fields::add);
      prompt.data("merge-fields", fields);
    }
    draftData(draft).ifPresent(data -> prompt.data("draft", data));
    return new ChatRequest(
        prompt.build(),
        AnswerFormat.jsonSchema("copywriter_answer", schema(n)),
        TOKENS_BASE + TOKENS_PER_VARIANT * n,
        TEMPERATURE);
  }

  /** The answer's schema for {@code n} variants of each kind. */
  static JsonNode schema(int n) {
    ObjectNode schema = ANSWER.deepCopy();
    for (String kind : List.of("subjects", "preheaders", "bodies")) {
      ((ObjectNode) schema.path("properties").path(kind)).put("minItems", n).put("maxItems", n);
    }
    return schema;
  }

  private static String task(CopyBrief brief, DraftCopy draft) {
    int n = brief.variants();
    StringBuilder task =
        new StringBuilder("You are the copywriter of an email-marketing platform. Write ")
            .append(n)
            .append(n == 1 ? " subject line, " : " subject lines, ")
            .append(n)
            .append(n == 1 ? " preheader and " : " preheaders and ")
            .append(n)
            .append(n == 1 ? " email body" : " email bodies")
            .append(" for one campaign: ")
            .append(brief.goal().description())
            .append(". Tone: ")
            .append(brief.tone().id())
            .append(", ")
            .append(style(brief.tone()))
            .append(". The data block \"brief\" describes the campaign.");
    if (!brief.mergeFields().isEmpty()) {
      task.append(" The data block \"merge-fields\" lists the contact fields merge tags may read.");
    }
    if (draft.subject().isPresent()) {
      task.append(
          " The data block \"draft\" is the marketer's current draft: use its facts where they"
              + " fit, but do not copy its lines or anything in it that breaks the rules below.");
    }
    if (n > 1) {
      task.append(
          " Make the variants differ in their angle (the benefit they lead with, a question, a"
              + " picture they paint), not just in a word or two.");
    }
    return task.toString();
  }

  private static String style(Tone tone) {
    return switch (tone) {
      case FRIENDLY -> "warm and personal";
      case PROFESSIONAL -> "clear and courteous, as to business customers";
      case URGENT -> "time matters, a deadline or a last chance, said calmly and never pushy";
      case PLAYFUL -> "light and witty";
    };
  }

  private static String rules(CopyBrief brief) {
    String mergeTags =
        brief.mergeFields().isEmpty()
            ? "Use no merge tags: nothing in double braces."
            : "You may address the recipient with a merge tag for a field in \"merge-fields\","
                + " written as {{ field | default: \"...\" }} (for example {{ first_name | default:"
                + " \"there\" }}) with a default that reads well in its place; no field that"
                + " \"merge-fields\" does not list, no other tag syntax.";
    return String.join(
        "\n",
        "Rules:",
        "- Subject lines: at most 60 characters, sentence case, at most one exclamation mark, no"
            + " \"RE:\" or \"FW:\" prefix, no words in capitals except acronyms.",
        "- Preheaders: 40 to 100 characters that add to the subject rather than repeat it.",
        "- Bodies: plain text of 60 to 180 words, paragraphs separated by a blank line, the key"
            + " points as lines that start with \"- \"; when the brief has a url, end with the call"
            + " to action, a colon and the url on a line of its own; when it names a brand, sign"
            + " off as its team. No HTML, no other Markdown.",
        "- Use only facts the brief gives: no prices, discount codes, shipping terms, dates,"
            + " deadlines, scarcity or claims it does not make.",
        "- Never use these phrases, which spam filters score: "
            + ComplianceRules.spamPhraseCatalogue().stream()
                .map(phrase -> "\"" + phrase + "\"")
                .collect(Collectors.joining(", "))
            + ".",
        "- " + mergeTags,
        "- Write in the language of the brief.");
  }

  /** The brief as the writer read it: checked, trimmed, and only the fields it has. */
  static ObjectNode briefData(CopyBrief brief) {
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("goal", brief.goal().id());
    data.put("product", brief.product());
    brief.brand().ifPresent(value -> data.put("brand", value));
    brief.audience().ifPresent(value -> data.put("audience", value));
    data.put("tone", brief.tone().id());
    if (!brief.keyPoints().isEmpty()) {
      ArrayNode points = data.putArray("keyPoints");
      brief.keyPoints().forEach(points::add);
    }
    brief.offer().ifPresent(value -> data.put("offer", value));
    brief.deadline().ifPresent(value -> data.put("deadline", value));
    brief.date().ifPresent(value -> data.put("date", value));
    brief.place().ifPresent(value -> data.put("place", value));
    brief.callToAction().ifPresent(value -> data.put("callToAction", value));
    brief.url().ifPresent(value -> data.put("url", value));
    return data;
  }

  private static Optional<ObjectNode> draftData(DraftCopy draft) {
    if (draft.subject().isEmpty()) {
      return Optional.empty();
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    draft.subject().ifPresent(part -> data.put("subject", part.text()));
    draft.preheader().ifPresent(part -> data.put("preheader", part.text()));
    draft
        .body()
        .ifPresent(
            part ->
                data.put(
                    "text",
                    part.text().length() <= MAX_DRAFT_BODY
                        ? part.text()
                        : part.text().substring(0, MAX_DRAFT_BODY) + "…"));
    return Optional.of(data);
  }
}
