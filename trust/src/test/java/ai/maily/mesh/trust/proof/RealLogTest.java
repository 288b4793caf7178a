package ai.maily.mesh.trust.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.testing.TlogVectors;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proofs served by Google's Argon 2020 CT log of 961,984,013 entries. */
class RealLogTest {

  private static final JsonNode LOG = TlogVectors.json().get("real_log_argon2020");
  private static final long TREE_SIZE = LOG.get("tree_size").asLong();
  private static final byte[] ROOT = TlogVectors.hex(LOG.get("root"));

  private static final long LEAF_INDEX = LOG.get("inclusion").get("leaf_index").asLong();
  private static final byte[] LEAF_HASH =
      Hashes.leafHash(
              Base64.getDecoder().decode(LOG.get("inclusion").get("leaf_input_b64").asText()))
          .bytes();
  private static final List<byte[]> INCLUSION_PATH =
      TlogVectors.hexList(LOG.get("inclusion").get("path"));

  private static final long SIZE1 = LOG.get("consistency").get("size1").asLong();
  private static final byte[] ROOT1 = TlogVectors.hex(LOG.get("consistency").get("root1"));
  private static final List<byte[]> CONSISTENCY_PATH =
      TlogVectors.hexList(LOG.get("consistency").get("path"));

  @Test
  void inclusionOfLeaf10000Verifies() throws ProofException {
    assertThat(Proofs.rootFromInclusionProof(LEAF_INDEX, TREE_SIZE, LEAF_HASH, INCLUSION_PATH))
        .isEqualTo(Hash.of(ROOT));
    assertThatCode(
            () -> Proofs.verifyInclusion(LEAF_INDEX, TREE_SIZE, LEAF_HASH, INCLUSION_PATH, ROOT))
        .doesNotThrowAnyException();
  }

  @Test
  void consistencyFrom3654490Verifies() throws ProofException {
    assertThat(Proofs.rootFromConsistencyProof(SIZE1, TREE_SIZE, CONSISTENCY_PATH, ROOT1))
        .isEqualTo(Hash.of(ROOT));
    assertThatCode(() -> Proofs.verifyConsistency(SIZE1, TREE_SIZE, CONSISTENCY_PATH, ROOT1, ROOT))
        .doesNotThrowAnyException();
  }

  @Test
  void everyFlippedBitOfTheRealProofsIsDetected() {
    for (int i = 0; i < INCLUSION_PATH.size(); i++) {
      List<byte[]> path = flipped(INCLUSION_PATH, i);
      assertThatThrownBy(() -> Proofs.verifyInclusion(LEAF_INDEX, TREE_SIZE, LEAF_HASH, path, ROOT))
          .isInstanceOf(RootMismatchException.class);
    }
    for (int i = 0; i < CONSISTENCY_PATH.size(); i++) {
      List<byte[]> path = flipped(CONSISTENCY_PATH, i);
      assertThatThrownBy(() -> Proofs.verifyConsistency(SIZE1, TREE_SIZE, path, ROOT1, ROOT))
          .isInstanceOf(RootMismatchException.class);
    }
  }

  @Test
  void realInclusionProofAlsoFitsNeighbouringSizesSoOnlyACheckpointBindsTheSize() {
    // Leaf 10000 sits deep in the left half: its 30-hash path has no right-edge ("border") part,
    // so any size with the same bit length gives the same path shape and the same root.
    for (long size : new long[] {TREE_SIZE - 1, TREE_SIZE + 1}) {
      assertThatCode(
              () -> Proofs.verifyInclusion(LEAF_INDEX, size, LEAF_HASH, INCLUSION_PATH, ROOT))
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(
            () -> Proofs.verifyInclusion(LEAF_INDEX, 1L << 29, LEAF_HASH, INCLUSION_PATH, ROOT))
        .isInstanceOf(InvalidProofSizeException.class);
  }

  @Test
  void realConsistencyProofBindsTheOldSizeButNotTheNewOne() {
    for (long delta : new long[] {-1, 1}) {
      assertThatThrownBy(
              () ->
                  Proofs.verifyConsistency(SIZE1 + delta, TREE_SIZE, CONSISTENCY_PATH, ROOT1, ROOT))
          .isInstanceOf(ProofException.class);
      // Like an inclusion proof, the new size is only bound by the checkpoint that carries it.
      assertThatCode(
              () ->
                  Proofs.verifyConsistency(SIZE1, TREE_SIZE + delta, CONSISTENCY_PATH, ROOT1, ROOT))
          .doesNotThrowAnyException();
    }
  }

  private static List<byte[]> flipped(List<byte[]> path, int index) {
    List<byte[]> copy = new ArrayList<>(path);
    byte[] hash = copy.get(index).clone();
    hash[index % hash.length] ^= 0x01;
    copy.set(index, hash);
    return copy;
  }
}
