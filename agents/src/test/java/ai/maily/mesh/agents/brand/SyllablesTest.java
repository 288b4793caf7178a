package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyllablesTest {

  @ParameterizedTest(name = "{0} has {1}")
  @CsvSource({
    "the, 1",
    "cat, 1",
    "coffee, 2",
    "table, 2",
    "little, 2",
    "smile, 1",
    "smiles, 1",
    "tables, 2",
    "makes, 1",
    "boxes, 2",
    "changes, 2",
    "jumped, 1",
    "wanted, 2",
    "roasted, 2",
    "beautiful, 3",
    "chocolate, 3",
    "hazelnut, 3",
    "readability, 5",
    "communication, 5",
    "university, 5",
    "education, 4",
    "Australian, 4",
    "reptilian, 4",
    "platypus, 3",
    "seemingly, 3",
    "creature, 2",
    "special, 2",
    "nation, 2",
    "radio, 3",
    "period, 3",
    "your, 1",
    "you're, 1",
    "don't, 1",
    "family, 3",
    "agree, 2",
    "maybe, 2",
    "people, 2",
    "small-batch, 2",
    "2012, 1"
  })
  void countsSyllablesOfEnglishWords(String word, int syllables) {
    assertThat(Syllables.count(word)).isEqualTo(syllables);
  }
}
