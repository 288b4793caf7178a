package ai.maily.mesh.agents.personalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.maily.mesh.agents.personalize.MergeTemplate.Literal;
import ai.maily.mesh.agents.personalize.MergeTemplate.Tag;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergeTemplateTest {

  private static MergeTag onlyTag(String text) {
    MergeTemplate template = MergeTemplate.parse(text);
    assertThat(template.malformed()).isEmpty();
    assertThat(template.tags()).hasSize(1);
    return template.tags().get(0);
  }

  private static MalformedTag onlyProblem(String text) {
    MergeTemplate template = MergeTemplate.parse(text);
    assertThat(template.tags()).isEmpty();
    assertThat(template.malformed()).hasSize(1);
    return template.malformed().get(0);
  }

  @Test
  void splitsTextIntoLiteralsAndTags() {
    MergeTemplate template = MergeTemplate.parse("Hi {{ first_name }}, news from {{company}}!");

    assertThat(template.parts())
        .containsExactly(
            new Literal("Hi "),
            new Tag(new MergeTag("first_name", Optional.empty(), "{{ first_name }}")),
            new Literal(", news from "),
            new Tag(new MergeTag("company", Optional.empty(), "{{company}}")),
            new Literal("!"));
  }

  @Test
  void parsesAdjacentTagsAtTheEdges() {
    assertThat(MergeTemplate.parse("{{a}}{{ b }}").parts())
        .containsExactly(
            new Tag(new MergeTag("a", Optional.empty(), "{{a}}")),
            new Tag(new MergeTag("b", Optional.empty(), "{{ b }}")));
  }

  static Stream<Arguments> inlineDefaults() {
    return Stream.of(
        arguments("{{ first_name | default: \"there\" }}", "there"),
        arguments("{{ first_name | default: 'there' }}", "there"),
        arguments("{{first_name|default:\"there\"}}", "there"),
        arguments("{{ first_name |  default :  'dear friend, hi' }}", "dear friend, hi"),
        arguments("{{ first_name | default: \"a | b }\" }}", "a | b }"),
        arguments("{{ first_name | default: \"it's\" }}", "it's"),
        arguments("{{ first_name | default: '' }}", ""));
  }

  @ParameterizedTest
  @MethodSource("inlineDefaults")
  void readsInlineDefaultsInEitherQuote(String text, String defaultValue) {
    MergeTag tag = onlyTag(text);

    assertThat(tag.field()).isEqualTo("first_name");
    assertThat(tag.defaultValue()).hasValue(defaultValue);
    assertThat(tag.source()).isEqualTo(text);
  }

  @Test
  void acceptsDottedFieldPaths() {
    assertThat(onlyTag("{{ contact.first_name }}").field()).isEqualTo("contact.first_name");
  }

  static Stream<Arguments> malformedTags() {
    return Stream.of(
        arguments("{{ }}", "empty merge tag"),
        arguments("{{}}", "empty merge tag"),
        arguments("{{ first name }}", "'first name' is not a field name"),
        arguments("{{ 1st_name }}", "'1st_name' is not a field name"),
        arguments("{{ first_name. }}", "'first_name.' is not a field name"),
        arguments("{{{ first_name }}}", "triple braces are not supported"),
        arguments(
            "{{ first_name | upcase }}", "unknown filter 'upcase'; only default is supported"),
        arguments("{{ first_name | }}", "empty filter after '|'"),
        arguments("{{ first_name || default: 'x' }}", "empty filter after '|'"),
        arguments("{{ first_name | default }}", "the default filter needs a value"),
        arguments("{{ first_name | default 'x' }}", "the default filter needs a value"),
        arguments("{{ first_name | default: }}", "the default value must be quoted"),
        arguments("{{ first_name | default: there }}", "the default value must be quoted"),
        arguments("{{ first_name | default: \"there }}", "unterminated quote in the default value"),
        arguments("{{ first_name | default: 'a' | default: 'b' }}", "default is given twice"),
        arguments("{{ first_name | default: 'a' b }}", "unexpected 'b' after the default value"));
  }

  @ParameterizedTest
  @MethodSource("malformedTags")
  void reportsMalformedTags(String text, String message) {
    assertThat(onlyProblem(text).message()).isEqualTo(message);
  }

  @Test
  void suggestsAQuotedDefaultForAnUnquotedOne() {
    assertThat(onlyProblem("{{ first_name | default: there }}").fix())
        .isEqualTo("write {{ first_name | default: \"there\" }}");
  }

  @Test
  void reportsAnUnclosedTagAtTheEndAndKeepsItAsText() {
    MergeTemplate template = MergeTemplate.parse("Hi {{ first_name, welcome");

    assertThat(template.malformed())
        .extracting(MalformedTag::source, MalformedTag::message)
        .containsExactly(
            tuple("{{ first_name, welcome", "unclosed merge tag: '{{' has no matching '}}'"));
    assertThat(template.render(tag -> "X")).isEqualTo("Hi {{ first_name, welcome");
  }

  @Test
  void reportsAnUnclosedTagBeforeTheNextTagAndStillReadsThatTag() {
    MergeTemplate template = MergeTemplate.parse("Hi {{ first_name from {{ company }}");

    assertThat(template.malformed())
        .extracting(MalformedTag::source)
        .containsExactly("{{ first_name from ");
    assertThat(template.tags()).extracting(MergeTag::field).containsExactly("company");
  }

  @Test
  void truncatesTheSourceOfALongUnclosedTag() {
    MalformedTag problem = onlyProblem("{{ " + "x".repeat(200));

    assertThat(problem.source()).hasSize(60).endsWith("…");
  }

  @Test
  void treatsLoneClosingBracesAsText() {
    MergeTemplate template =
        MergeTemplate.parse("<style>@media (max-width:600px){.a{width:100%}}</style>{{ name }}");

    assertThat(template.malformed()).isEmpty();
    assertThat(template.tags()).extracting(MergeTag::field).containsExactly("name");
  }

  @Test
  void rendersTagsWithTheGivenValuesAndMalformedTagsAsWritten() {
    MergeTemplate template =
        MergeTemplate.parse("{{ a }} and {{ b | default: 'x' }} but {{ c | upcase }}");

    assertThat(template.render(tag -> tag.field().toUpperCase(Locale.ROOT)))
        .isEqualTo("A and B but {{ c | upcase }}");
  }

  @Test
  void rendersTextWithoutTagsUnchanged() {
    assertThat(MergeTemplate.parse("").parts()).isEmpty();
    assertThat(MergeTemplate.parse("Plain { text } here").render(tag -> "X"))
        .isEqualTo("Plain { text } here");
  }
}
