package ai.maily.mesh.trust.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.Proofs;
import ai.maily.mesh.trust.testing.TlogVectors;
import ai.maily.mesh.trust.testing.TlogVectors.Consistency;
import ai.maily.mesh.trust.tree.InMemoryNodeStore;
import ai.maily.mesh.trust.tree.MerkleTree;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointTest {

  private static final JsonNode CHECKPOINTS = TlogVectors.json().get("checkpoints");
  private static final JsonNode DEMO = CHECKPOINTS.get("demo");
  private static final NoteVerifier DEMO_KEY = NoteVerifier.parse(DEMO.get("vkey").asText());
  private static final NoteSigner DEMO_SIGNER =
      NoteSigner.parse(DEMO.get("skey_DEMO_ONLY").asText());
  private static final String ROOT_B64 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

  static Stream<JsonNode> demoCheckpoints() {
    return StreamSupport.stream(DEMO.get("checkpoints").spliterator(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("demoCheckpoints")
  void demoCheckpointVerifiesExactlyWhenValid(JsonNode vector) throws NoteException {
    String note = vector.get("note").asText();
    if (vector.get("valid").asBoolean()) {
      Checkpoint checkpoint = Checkpoint.parseVerified(note, List.of(DEMO_KEY));

      assertThat(checkpoint.origin()).isEqualTo(DEMO.get("origin").asText());
      assertThat(checkpoint.size()).isEqualTo(vector.get("tree_size").asLong());
      assertThat(checkpoint.root().hex()).isEqualTo(vector.get("root").asText());
      assertThat(checkpoint.extensions()).isEmpty();
    } else {
      assertThatThrownBy(() -> Checkpoint.parseVerified(note, List.of(DEMO_KEY)))
          .isInstanceOf(InvalidSignatureException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("demoCheckpoints")
  void signingTheDemoCheckpointReproducesTheVector(JsonNode vector) throws NoteException {
    Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(vector.get("note").asText()).text());

    String signed = checkpoint.sign(DEMO_SIGNER).serialize();

    assertThat(signed.equals(vector.get("note").asText()))
        .isEqualTo(vector.get("valid").asBoolean());
  }

  @Test
  void demoCheckpointsAreRootsOfTheReferenceTreeAndConsistentWithEachOther() throws Exception {
    Map<Long, Checkpoint> bySize =
        demoCheckpoints()
            .filter(vector -> vector.get("valid").asBoolean())
            .map(vector -> parseVerified(vector.get("note").asText()))
            .collect(Collectors.toMap(Checkpoint::size, Function.identity()));
    MerkleTree tree = new MerkleTree(new InMemoryNodeStore(), 0);
    tree.append(TlogVectors.referenceTree().leafHashes());

    assertThat(bySize).containsOnlyKeys(6L, 7L, 8L);
    for (Checkpoint checkpoint : bySize.values()) {
      assertThat(checkpoint.root()).isEqualTo(tree.root(checkpoint.size()));
    }
    // The hint in the vectors: ref8-cons-6-to-8 and ref8-cons-6-to-7 link these checkpoints.
    for (String id : List.of("ref8-cons-6-to-8", "ref8-cons-6-to-7")) {
      Consistency v =
          TlogVectors.consistency("consistency").stream()
              .filter(c -> c.id().equals(id))
              .findFirst()
              .orElseThrow();
      Checkpoint old = bySize.get(v.size1());
      Checkpoint current = bySize.get(v.size2());
      assertThatCode(
              () ->
                  Proofs.verifyConsistency(
                      old.size(),
                      current.size(),
                      v.path(),
                      old.root().bytes(),
                      current.root().bytes()))
          .doesNotThrowAnyException();
    }
    Proofs.consistency(tree, 7, 8).verify(bySize.get(7L).root(), bySize.get(8L).root());
  }

  @Test
  void c2spExampleParsesButItsUnpublishedKeyVerifiesNothing() throws NoteException {
    JsonNode example = CHECKPOINTS.get("c2sp_example");
    SignedNote note = SignedNote.parse(example.get("note").asText());

    Checkpoint checkpoint = Checkpoint.parse(note.text());

    assertThat(checkpoint.origin()).isEqualTo(example.get("origin").asText());
    assertThat(checkpoint.size()).isEqualTo(example.get("tree_size").asLong());
    assertThat(checkpoint.root().base64()).isEqualTo(example.get("root_b64").asText());
    assertThat(note.signatures())
        .extracting(NoteSignature::name)
        .containsExactly(checkpoint.origin());
    assertThatThrownBy(
            () -> Checkpoint.parseVerified(example.get("note").asText(), List.of(DEMO_KEY)))
        .isInstanceOf(UnverifiedNoteException.class);
  }

  @Test
  void goSumdbTreeNoteIsACheckpoint() throws MalformedCheckpointException {
    JsonNode record = TlogVectors.json().get("record_hashes").get(0);
    String treeNote = record.get("tree_note").asText();

    Checkpoint checkpoint = Checkpoint.parse(treeNote);

    assertThat(checkpoint.origin()).isEqualTo("go.sum database tree");
    assertThat(checkpoint.size()).isEqualTo(123_456_789_012L);
    assertThat(checkpoint.root().base64()).isEqualTo(record.get("leaf_hash_b64").asText());
    assertThat(checkpoint.toNoteText()).isEqualTo(treeNote);
  }

  @Test
  void extensionLinesRoundTripAndAreSigned() throws NoteException {
    Checkpoint checkpoint =
        new Checkpoint(
            DEMO_KEY.name(), 8, Hash.fromBase64(ROOT_B64), List.of("ext one", "ext two"));

    String note = checkpoint.sign(DEMO_SIGNER).serialize();

    assertThat(note).startsWith(DEMO_KEY.name() + "\n8\n" + ROOT_B64 + "\next one\next two\n\n");
    assertThat(Checkpoint.parseVerified(note, List.of(DEMO_KEY))).isEqualTo(checkpoint);
    assertThatThrownBy(
            () -> Checkpoint.parseVerified(note.replace("ext two", "ext 2"), List.of(DEMO_KEY)))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "20852163", "9223372036854775807"})
  void acceptsTreeSizesInCanonicalDecimal(String size) throws MalformedCheckpointException {
    assertThat(Checkpoint.parse("origin\n" + size + "\n" + ROOT_B64 + "\n").size())
        .isEqualTo(Long.parseLong(size));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00",
        "007",
        "-1",
        "+5",
        " 5",
        "5 ",
        "1e3",
        "0x10",
        "",
        "9223372036854775808",
        "99999999999999999999",
        "\u0661"
      })
  void rejectsTreeSizesThatAreNotCanonicalDecimal(String size) {
    assertThatThrownBy(() -> Checkpoint.parse("origin\n" + size + "\n" + ROOT_B64 + "\n"))
        .isInstanceOf(MalformedCheckpointException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg", // padding missing
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==", // 31 bytes
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQygA", // 33 bytes
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328", // hex
        "not base64!",
      })
  void rejectsRootsThatAreNotBase64Of32Bytes(String root) {
    assertThatThrownBy(() -> Checkpoint.parse("origin\n8\n" + root + "\n"))
        .isInstanceOf(MalformedCheckpointException.class)
        .hasMessageContaining("root hash");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "origin\n8\n", // no root
        "origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=", // no final newline
        "\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", // empty origin
        "origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n", // empty extension line
        "origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntab\tline\n", // control char
      })
  void rejectsMalformedCheckpointText(String text) {
    assertThatThrownBy(() -> Checkpoint.parse(text))
        .isInstanceOf(MalformedCheckpointException.class);
  }

  @Test
  void refusesMoreExtensionLinesThanTheLimit() {
    String head = "origin\n8\n" + ROOT_B64 + "\n";
    String atLimit =
        head + String.join("", Collections.nCopies(Checkpoint.MAX_EXTENSION_LINES, "x\n"));
    String overLimit = atLimit + "x\n";

    assertThatCode(() -> Checkpoint.parse(atLimit)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Checkpoint.parse(overLimit))
        .isInstanceOf(MalformedCheckpointException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void constructorRejectsWhatParsingWould() {
    Hash root = Hash.fromBase64(ROOT_B64);
    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("", 1, root));
    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("two\nlines", 1, root));
    assertThatIllegalArgumentException().isThrownBy(() -> new Checkpoint("origin", -1, root));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Checkpoint("origin", 1, root, List.of("")));
  }

  private static Checkpoint parseVerified(String note) {
    try {
      return Checkpoint.parseVerified(note, List.of(DEMO_KEY));
    } catch (NoteException e) {
      throw new AssertionError(e);
    }
  }
}
