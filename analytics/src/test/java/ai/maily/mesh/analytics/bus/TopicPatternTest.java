package ai.maily.mesh.analytics.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicPatternTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "engagement.#, engagement.email.open, true",
    "engagement.#, engagement, true",
    "engagement.#, engagements.email.open, false",
    "engagement.*.open, engagement.web.open, true",
    "engagement.*.open, engagement.email.click, false",
    "engagement.*, engagement.email.open, false",
    "#.open, engagement.email.open, true",
    "#, task.submit, true",
    "task.submit, task.submit, true",
    "task.submit, task.submitted, false",
    "*.*.*, a.b, false",
    "a.#.z, a.z, true",
    "a.#.z, a.b.c.z, true",
    "a.#.z, a.b.c, false"
  })
  void matchesAsATopicExchangeDoes(String pattern, String key, boolean matches) {
    assertThat(TopicPattern.matches(pattern, key)).isEqualTo(matches);
  }
}
