package ai.maily.mesh.agents.personalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.personalize.Audience.Segment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PersonalizerTest {

  private static final Audience AUDIENCE =
      new Audience(
          List.of("first_name", "company", "city"), Map.of("city", "your city"), List.of());

  private static Email email(String subject, String html, String text) {
    return new Email(
        "Acme <news@acme.com>",
        Optional.empty(),
        subject,
        Optional.empty(),
        Optional.ofNullable(html),
        Optional.ofNullable(text),
        Map.of());
  }

  private static Email subjectOnly(String subject) {
    return email(subject, null, null);
  }

  private static Audience withSegments(Segment... segments) {
    return new Audience(AUDIENCE.fields(), AUDIENCE.fallbacks(), List.of(segments));
  }

  @Test
  void countsTagUsageOverAllPartsInOrderOfFirstUse() {
    Email email =
        new Email(
            "Acme <news@acme.com>",
            Optional.empty(),
            "{{ first_name | default: 'Hi' }}, news",
            Optional.of("For {{ company }} in {{ city }}"),
            Optional.of("<p>{{ first_name | default: 'there' }} at {{ company }}</p>"),
            Optional.of("{{ first_name }}"),
            Map.of());

    Personalization result = Personalizer.personalize(email, AUDIENCE);

    assertThat(result.tags())
        .containsExactly(
            new TagUsage("first_name", 3, false, true),
            new TagUsage("company", 2, false, true),
            new TagUsage("city", 1, false, true));
  }

  @Test
  void marksFieldsWhoseEveryTagHasADefault() {
    Personalization result =
        Personalizer.personalize(
            subjectOnly("{{ first_name | default: 'Hi' }} {{ first_name | default: '' }}"),
            AUDIENCE);

    assertThat(result.tags()).containsExactly(new TagUsage("first_name", 2, true, true));
    assertThat(result.problems()).isEmpty();
    assertThat(result.valid()).isTrue();
  }

  @Test
  void flagsAnUnknownFieldAndSuggestsTheClosestKnownOne() {
    Personalization result = Personalizer.personalize(subjectOnly("Hi {{ frist_name }}"), AUDIENCE);

    assertThat(result.valid()).isFalse();
    assertThat(result.tags()).containsExactly(new TagUsage("frist_name", 1, false, false));
    assertThat(result.problems())
        .containsExactly(
            new Problem(
                Problem.Severity.ERROR,
                "{{ frist_name }}",
                "unknown field 'frist_name': the audience has no such field",
                "did you mean 'first_name'? Write {{ first_name }}"));
  }

  @Test
  void suggestsFieldsThatDifferOnlyInCase() {
    assertThat(Personalizer.closestField("First_Name", AUDIENCE.fields())).hasValue("first_name");
  }

  @Test
  void suggestsNothingWhenNoFieldIsClose() {
    Personalization result = Personalizer.personalize(subjectOnly("{{ zodiac_sign }}"), AUDIENCE);

    assertThat(result.problems())
        .singleElement()
        .extracting(Problem::fix)
        .isEqualTo(
            "add 'zodiac_sign' to audience.fields, or use one of: first_name, company, city");
    assertThat(Personalizer.closestField("cty", List.of("company"))).isEmpty();
  }

  @Test
  void allowsOneEditPerThreeCharactersWhenSuggesting() {
    List<String> fields = List.of("first_name", "zip");

    assertThat(Personalizer.closestField("frist_nmae", fields)).hasValue("first_name");
    assertThat(Personalizer.closestField("fst_nm", fields)).isEmpty();
    assertThat(Personalizer.closestField("zp", fields)).hasValue("zip");
  }

  @Test
  void treatsEveryTagAsUnknownWithoutAnAudience() {
    Personalization result =
        Personalizer.personalize(subjectOnly("{{ first_name }}"), Audience.UNKNOWN);

    assertThat(result.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.severity()).isEqualTo(Problem.Severity.ERROR);
              assertThat(problem.fix()).contains("(none declared)");
            });
  }

  @Test
  void warnsWhenAKnownFieldHasNoFallback() {
    Personalization result =
        Personalizer.personalize(
            subjectOnly("{{ company | default: 'you' }} and {{ company }}"), AUDIENCE);

    assertThat(result.valid()).isTrue();
    assertThat(result.problems())
        .containsExactly(
            new Problem(
                Problem.Severity.WARNING,
                "{{ company }}",
                "no fallback for 'company': recipients without a company would see an empty value",
                "add a default, e.g. {{ company | default: \"…\" }}, or set audience.fallbacks.company"));
  }

  @Test
  void acceptsAnAudienceFallbackInsteadOfAnInlineDefault() {
    assertThat(Personalizer.personalize(subjectOnly("In {{ city }}"), AUDIENCE).problems())
        .isEmpty();
  }

  @Test
  void reportsMalformedTagsAsErrorsNamingThePart() {
    Personalization result =
        Personalizer.personalize(
            email("Hi {{ first_name", "<p>{{ company | upcase }}</p>", null), AUDIENCE);

    assertThat(result.valid()).isFalse();
    assertThat(result.problems())
        .extracting(Problem::severity, Problem::tag, Problem::message)
        .containsExactly(
            tuple(
                Problem.Severity.ERROR,
                "{{ first_name",
                "unclosed merge tag: '{{' has no matching '}}' (in the subject)"),
            tuple(
                Problem.Severity.ERROR,
                "{{ company | upcase }}",
                "unknown filter 'upcase'; only default is supported (in the html)"));
  }

  @Test
  void rendersOneVariantPerSegmentWithItsValues() {
    Personalization result =
        Personalizer.personalize(
            email("Hi {{ first_name }}", "<p>{{ company }}</p>", "{{ company }} in {{ city }}"),
            withSegments(
                new Segment(
                    "vip", Map.of("first_name", "Dana", "company", "Acme", "city", "Denver")),
                new Segment(
                    "trial", Map.of("first_name", "Bo", "company", "Initech", "city", "Austin"))));

    assertThat(result.variants())
        .containsExactly(
            new Variant(
                "vip",
                "Hi Dana",
                Optional.empty(),
                Optional.of("<p>Acme</p>"),
                Optional.of("Acme in Denver"),
                List.of()),
            new Variant(
                "trial",
                "Hi Bo",
                Optional.empty(),
                Optional.of("<p>Initech</p>"),
                Optional.of("Initech in Austin"),
                List.of()));
  }

  @Test
  void fallsBackToTheInlineDefaultThenTheAudienceFallbackThenNothing() {
    Personalization result =
        Personalizer.personalize(
            subjectOnly(
                "{{ first_name | default: 'there' }}/{{ city }}/{{ company }}/{{ nickname }}"),
            withSegments(new Segment("bare", Map.of())));

    Variant variant = result.variants().get(0);
    assertThat(variant.subject()).isEqualTo("there/your city//");
    assertThat(variant.fallbacks()).containsExactly("first_name", "city", "company", "nickname");
  }

  @Test
  void prefersTheSegmentValueOverDefaultsAndCountsAnEmptyValueAsMissing() {
    Personalization result =
        Personalizer.personalize(
            subjectOnly("{{ first_name | default: 'there' }} {{ city }}"),
            withSegments(new Segment("s", Map.of("first_name", "Dana", "city", ""))));

    assertThat(result.variants().get(0).subject()).isEqualTo("Dana your city");
    assertThat(result.variants().get(0).fallbacks()).containsExactly("city");
  }

  @Test
  void rendersOneDefaultVariantWithFallbacksOnlyWithoutSegments() {
    Personalization result =
        Personalizer.personalize(
            subjectOnly("Hi {{ first_name | default: 'there' }} in {{ city }}"), AUDIENCE);

    assertThat(result.variants())
        .singleElement()
        .satisfies(
            variant -> {
              assertThat(variant.segment()).isEqualTo(Personalizer.DEFAULT_SEGMENT);
              assertThat(variant.subject()).isEqualTo("Hi there in your city");
              assertThat(variant.fallbacks()).containsExactly("first_name", "city");
            });
  }

  @Test
  void escapesSubstitutedValuesInHtmlOnly() {
    Personalization result =
        Personalizer.personalize(
            new Email(
                "Acme <news@acme.com>",
                Optional.empty(),
                "For {{ company }}",
                Optional.of("{{ company }}"),
                Optional.of(
                    "<p title=\"{{ company }}\"><b>{{ company }}</b> {{ first_name | default: \"O'Brien\" }}</p>"),
                Optional.of("{{ company }}"),
                Map.of()),
            withSegments(new Segment("s", Map.of("company", "<Tom & \"Jerry's\">"))));

    Variant variant = result.variants().get(0);
    assertThat(variant.subject()).isEqualTo("For <Tom & \"Jerry's\">");
    assertThat(variant.preheader()).hasValue("<Tom & \"Jerry's\">");
    assertThat(variant.text()).hasValue("<Tom & \"Jerry's\">");
    assertThat(variant.html())
        .hasValue(
            "<p title=\"&lt;Tom &amp; &quot;Jerry&#39;s&quot;&gt;\"><b>&lt;Tom &amp;"
                + " &quot;Jerry&#39;s&quot;&gt;</b> O&#39;Brien</p>");
  }

  @Test
  void leavesTheTemplateMarkupUnescaped() {
    Personalization result =
        Personalizer.personalize(
            email("s", "<a href=\"https://acme.com/?a=1&b=2\">Hi</a>", null), AUDIENCE);

    assertThat(result.variants().get(0).html())
        .hasValue("<a href=\"https://acme.com/?a=1&b=2\">Hi</a>");
  }

  @Test
  void summarisesTagsVariantsAndProblems() {
    assertThat(Personalizer.personalize(subjectOnly("{{ city }}"), AUDIENCE).summary())
        .isEqualTo("1 tag, 1 variant, no problems");
    assertThat(
            Personalizer.personalize(
                    subjectOnly("{{ frist_name }} {{ company }} {{ x"),
                    withSegments(new Segment("a", Map.of()), new Segment("b", Map.of())))
                .summary())
        .isEqualTo("2 tags, 2 variants, 2 errors, 1 warning");
  }
}
