package ai.maily.mesh.trust.hash;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.trust.testing.TlogVectors;
import ai.maily.mesh.trust.testing.TlogVectors.ReferenceTree;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashesTest {

  private final ReferenceTree tree = TlogVectors.referenceTree();

  @Test
  void prefixesAndAlgorithmAreThoseOfTheVectors() {
    JsonNode json = TlogVectors.json();
    assertThat(Hashes.ALGORITHM).isEqualTo(json.get("hash_algorithm").asText());
    assertThat(HexFormat.of().toHexDigits(Hashes.LEAF_PREFIX))
        .isEqualTo(json.get("leaf_prefix").asText());
    assertThat(HexFormat.of().toHexDigits(Hashes.NODE_PREFIX))
        .isEqualTo(json.get("node_prefix").asText());
  }

  @Test
  void hashesEveryReferenceLeaf() {
    for (int i = 0; i < tree.leaves().size(); i++) {
      assertThat(Hashes.leafHash(tree.leaves().get(i)))
          .as("leaf %d", i)
          .isEqualTo(tree.leafHashes().get(i));
    }
  }

  @Test
  void hashesEveryReferenceNodeFromItsChildren() {
    List<List<Hash>> levels = tree.nodeHashes();
    assertThat(levels.get(0)).isEqualTo(tree.leafHashes());
    for (int level = 1; level < levels.size(); level++) {
      List<Hash> children = levels.get(level - 1);
      for (int index = 0; index < levels.get(level).size(); index++) {
        assertThat(Hashes.nodeHash(children.get(2 * index), children.get(2 * index + 1)))
            .as("node (%d, %d)", level, index)
            .isEqualTo(levels.get(level).get(index));
      }
    }
  }

  @Test
  void emptyRootIsTheHashOfNothing() {
    assertThat(Hashes.emptyRoot()).isEqualTo(tree.rootsBySize().get(0));
    assertThat(Hashes.emptyRoot().hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void leafHashIsGoSumdbRecordHash() {
    JsonNode record = TlogVectors.json().get("record_hashes").get(0);
    Hash hash = Hashes.leafHash(record.get("input_utf8").asText().getBytes(StandardCharsets.UTF_8));
    assertThat(hash.base64()).isEqualTo(record.get("leaf_hash_b64").asText());
  }

  @Test
  void leafAndNodeHashesOfTheSameBytesDiffer() {
    Hash left = tree.leafHashes().get(0);
    Hash right = tree.leafHashes().get(1);
    byte[] concatenation = new byte[2 * Hash.SIZE];
    System.arraycopy(left.bytes(), 0, concatenation, 0, Hash.SIZE);
    System.arraycopy(right.bytes(), 0, concatenation, Hash.SIZE, Hash.SIZE);

    assertThat(Hashes.leafHash(concatenation)).isNotEqualTo(Hashes.nodeHash(left, right));
  }
}
