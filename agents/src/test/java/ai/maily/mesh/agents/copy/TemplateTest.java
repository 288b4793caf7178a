package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {

  private static final Template.Fill FILL =
      new Template.Fill(
          Map.of("product", "Trailhead 2", "offer", "20% off", "brand", "Acme & Sons"),
          Set.of("first_name"));

  private static Template.Rendered render(String pattern, Template.Fill fill) {
    return Template.parse(pattern).render(fill, new Random(1)).orElseThrow();
  }

  @Test
  void fillsSlotsWithTheBriefsValues() {
    assertThat(render("{offer} on {product}", FILL).text()).isEqualTo("20% off on Trailhead 2");
  }

  @Test
  void aMissingSlotMakesThePatternUnusable() {
    assertThat(Template.parse("Ends {deadline}: {offer}").render(FILL, new Random(1))).isEmpty();
  }

  @Test
  void dropsAnOptionalGroupWhoseSlotHasNoValue() {
    Template template = Template.parse("Get {offer}<, until {deadline}>.");

    assertThat(template.render(FILL, new Random(1)).orElseThrow().text()).isEqualTo("Get 20% off.");
    assertThat(template.render(FILL.with("deadline", "Sunday"), new Random(1)).orElseThrow().text())
        .isEqualTo("Get 20% off, until Sunday.");
  }

  @Test
  void writesMergeTagsWithTheirDefaultAndShowsTheDefaultAsSeen() {
    Template.Rendered rendered = render("{first_name|Hi}, meet {product}", FILL);

    assertThat(rendered.text()).isEqualTo("{{ first_name | default: \"Hi\" }}, meet Trailhead 2");
    assertThat(rendered.html()).isEqualTo(rendered.text());
    assertThat(rendered.seen()).isEqualTo("Hi, meet Trailhead 2");
  }

  @Test
  void aMergeTagForAFieldTheAudienceLacksMakesThePatternUnusable() {
    assertThat(Template.parse("{city|Nearby}: {product}").render(FILL, new Random(1))).isEmpty();
  }

  @Test
  void escapesLiteralsAndValuesInHtmlButNotMergeTags() {
    Template.Rendered rendered = render("Hi {first_name|there} & welcome to {brand}", FILL);

    assertThat(rendered.html())
        .isEqualTo("Hi {{ first_name | default: \"there\" }} &amp; welcome to Acme &amp; Sons");
    assertThat(rendered.text()).endsWith("welcome to Acme & Sons");
  }

  @Test
  void picksChoicesWithTheRandomItIsGiven() {
    Template template = Template.parse("[Out now|Just launched|New]: {product}");

    Set<String> texts =
        IntStream.range(0, 50)
            .mapToObj(seed -> template.render(FILL, new Random(seed)).orElseThrow().text())
            .collect(Collectors.toSet());

    assertThat(texts)
        .containsExactlyInAnyOrder(
            "Out now: Trailhead 2", "Just launched: Trailhead 2", "New: Trailhead 2");
    assertThat(template.render(FILL, new Random(7)))
        .isEqualTo(template.render(FILL, new Random(7)));
  }

  @Test
  void knowsWhichSlotsItMentions() {
    Template template = Template.parse("Meet {product}<: {benefit_lc}>");

    assertThat(template.mentions("benefit_lc")).isTrue();
    assertThat(template.mentions("product")).isTrue();
    assertThat(template.mentions("offer")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Meet {product",
        "Meet product}",
        "[Only one]: {product}",
        "[a||b] {product}",
        "Get {offer}<, soon",
        "Always <here>",
        "{Product}",
        "{a{b}}"
      })
  void rejectsBrokenPatternsNamingThem(String pattern) {
    assertThatThrownBy(() -> Template.parse(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(pattern);
  }
}
