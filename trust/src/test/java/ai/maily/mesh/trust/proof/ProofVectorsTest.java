package ai.maily.mesh.trust.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import ai.maily.mesh.trust.testing.TlogVectors;
import ai.maily.mesh.trust.testing.TlogVectors.Consistency;
import ai.maily.mesh.trust.testing.TlogVectors.Inclusion;
import ai.maily.mesh.trust.testing.TlogVectors.ReferenceTree;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every proof vector of {@code tlog/vectors.json}, against the verifier and the tree. */
class ProofVectorsTest {

  /**
   * Go's verifier accepts this case, but its roots are 12 bytes ("don't care 2"); the vectors' own
   * policy says every hash is exactly 32 bytes, so it is rejected here.
   */
  private static final String EQUAL_SIZES_WITH_SHORT_ROOTS =
      "td-consistency/additional/sizes-are-equal-one-and-proof-is-empty";

  /**
   * How each kind of deliberately broken vector must fail, by the words of its {@code desc}; the
   * first match wins. Mutated indices and sizes can fail in several ways depending on the numbers,
   * so they only need to fail.
   */
  private static final List<Map.Entry<String, Class<? extends ProofException>>> FAILURE_BY_DESC =
      List.of(
          Map.entry("garbage", InvalidHashLengthException.class),
          Map.entry("wrong leaf", InvalidHashLengthException.class),
          Map.entry("wrong root", InvalidHashLengthException.class),
          Map.entry("empty leaf", InvalidHashLengthException.class),
          Map.entry("modified proof", RootMismatchException.class),
          Map.entry("random root", RootMismatchException.class),
          Map.entry("swapped roots", RootMismatchException.class),
          Map.entry("sizes are zero", InvalidTreeSizeException.class),
          Map.entry("(zero)", InvalidTreeSizeException.class),
          Map.entry("size1 is zero", InvalidTreeSizeException.class),
          Map.entry("size1 is greater than size2", InvalidTreeSizeException.class),
          Map.entry("empty tree", InvalidTreeSizeException.class),
          Map.entry("component", InvalidProofSizeException.class),
          Map.entry("preceding", InvalidProofSizeException.class),
          Map.entry("trailing", InvalidProofSizeException.class),
          Map.entry("truncated proof", InvalidProofSizeException.class),
          Map.entry("empty proof", InvalidProofSizeException.class),
          Map.entry("proof is not empty", InvalidProofSizeException.class));

  private static final ReferenceTree REFERENCE = TlogVectors.referenceTree();
  private static final MerkleTree TREE = referenceTree();

  static Stream<Inclusion> inclusionVectors() {
    return Stream.concat(
        TlogVectors.inclusion("inclusion").stream(),
        TlogVectors.inclusion("generated_inclusion").stream());
  }

  static Stream<Consistency> consistencyVectors() {
    return Stream.concat(
            TlogVectors.consistency("consistency").stream(),
            TlogVectors.consistency("generated_consistency").stream())
        .filter(vector -> !vector.id().equals(EQUAL_SIZES_WITH_SHORT_ROOTS));
  }

  /** Valid vectors whose root is the reference tree's: the tree must build the same path. */
  static Stream<Inclusion> inclusionVectorsOfTheReferenceTree() {
    return inclusionVectors().filter(v -> v.valid() && isReferenceRoot(v.treeSize(), v.root()));
  }

  static Stream<Consistency> consistencyVectorsOfTheReferenceTree() {
    return consistencyVectors()
        .filter(
            v ->
                v.valid()
                    && isReferenceRoot(v.size1(), v.root1())
                    && isReferenceRoot(v.size2(), v.root2()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionVectors")
  void inclusionVectorVerifiesIfAndOnlyIfValid(Inclusion v) {
    if (v.valid()) {
      assertThatCode(() -> verify(v)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> verify(v)).isInstanceOf(expectedFailure(v.desc()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyVectors")
  void consistencyVectorVerifiesIfAndOnlyIfValid(Consistency v) {
    if (v.valid()) {
      assertThatCode(() -> verify(v)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> verify(v)).isInstanceOf(expectedFailure(v.desc()));
    }
  }

  @Test
  void equalSizesWithRootsShorterThan32BytesAreRejectedThoughGoAcceptsThem() {
    Consistency v =
        TlogVectors.consistency("consistency").stream()
            .filter(vector -> vector.id().equals(EQUAL_SIZES_WITH_SHORT_ROOTS))
            .findFirst()
            .orElseThrow();
    assertThat(v.valid()).isTrue();

    assertThatThrownBy(() -> verify(v))
        .isInstanceOf(InvalidHashLengthException.class)
        .hasMessage("root1 must be 32 bytes but is 12 bytes");

    byte[] padded = Arrays.copyOf(v.root1(), Hash.SIZE);
    assertThatCode(() -> Proofs.verifyConsistency(1, 1, List.of(), padded, padded.clone()))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionVectorsOfTheReferenceTree")
  void treeBuildsTheInclusionProofOfTheVector(Inclusion v) throws ProofException {
    InclusionProof proof = Proofs.inclusion(TREE, v.leafIndex(), v.treeSize());

    assertThat(hex(proof.hashes())).isEqualTo(hex(v.path()));
    assertThat(TREE.leafHash(v.leafIndex()).bytes()).isEqualTo(v.leafHash());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyVectorsOfTheReferenceTree")
  void treeBuildsTheConsistencyProofOfTheVector(Consistency v) throws ProofException {
    ConsistencyProof proof = Proofs.consistency(TREE, v.size1(), v.size2());

    assertThat(hex(proof.hashes())).isEqualTo(hex(v.path()));
  }

  @Test
  void everyGeneratedVectorIsAProofOfTheReferenceTree() {
    // Guards the filters above: they must not skip any generated vector.
    assertThat(TlogVectors.inclusion("generated_inclusion"))
        .hasSize(36)
        .allMatch(v -> v.valid() && isReferenceRoot(v.treeSize(), v.root()));
    assertThat(TlogVectors.consistency("generated_consistency"))
        .hasSize(36)
        .allMatch(
            v ->
                v.valid()
                    && isReferenceRoot(v.size1(), v.root1())
                    && isReferenceRoot(v.size2(), v.root2()));
  }

  @Test
  void publishedLeafInputsHashToTheirLeafHashes() {
    for (JsonNode vector : TlogVectors.json().get("inclusion")) {
      if (vector.has("leaf_input")) {
        assertThat(Hashes.leafHash(TlogVectors.hex(vector.get("leaf_input"))).hex())
            .as(vector.get("id").asText())
            .isEqualTo(vector.get("leaf_hash").asText());
      }
    }
  }

  private static void verify(Inclusion v) throws ProofException {
    Proofs.verifyInclusion(v.leafIndex(), v.treeSize(), v.leafHash(), v.path(), v.root());
  }

  private static void verify(Consistency v) throws ProofException {
    Proofs.verifyConsistency(v.size1(), v.size2(), v.path(), v.root1(), v.root2());
  }

  private static Class<? extends ProofException> expectedFailure(String desc) {
    return FAILURE_BY_DESC.stream()
        .filter(rule -> desc.contains(rule.getKey()))
        .<Class<? extends ProofException>>map(Map.Entry::getValue)
        .findFirst()
        .orElse(ProofException.class);
  }

  private static boolean isReferenceRoot(long size, byte[] root) {
    return size <= 8 && Arrays.equals(REFERENCE.rootsBySize().get((int) size).bytes(), root);
  }

  private static List<String> hex(List<?> hashes) {
    return hashes.stream()
        .map(h -> h instanceof Hash hash ? hash.hex() : HexFormat.of().formatHex((byte[]) h))
        .toList();
  }

  private static MerkleTree referenceTree() {
    MerkleTree tree = new MerkleTree(new InMemoryNodeStore(), 0);
    tree.append(REFERENCE.leafHashes());
    return tree;
  }
}
