package ai.maily.mesh.trust.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.maily.mesh.trust.testing.TlogVectors;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignedNoteTest {

  private static final JsonNode SIGNED_NOTES = TlogVectors.json().get("signed_notes");
  private static final NoteSigner PETER =
      NoteSigner.parse(SIGNED_NOTES.get("keys").get("PeterNeumann").get("skey").asText());
  private static final String TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";

  /** Why each invalid Go vector must fail. */
  private static final Map<String, Class<? extends NoteException>> FAILURES =
      Map.of(
          "no-trusted-key", UnverifiedNoteException.class,
          "corrupted-peter-signature", InvalidSignatureException.class,
          "modified-text", InvalidSignatureException.class,
          "missing-blank-line", MalformedNoteException.class);

  static Stream<JsonNode> goNotes() {
    return StreamSupport.stream(SIGNED_NOTES.get("notes").spliterator(), false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goNotes")
  void goNoteVerifiesExactlyAgainstItsTrustedKeys(JsonNode vector) throws NoteException {
    List<NoteVerifier> trusted = new ArrayList<>();
    vector
        .get("trusted")
        .forEach(
            name ->
                trusted.add(
                    NoteVerifier.parse(
                        SIGNED_NOTES.get("keys").get(name.asText()).get("vkey").asText())));
    String note = vector.get("note").asText();

    if (vector.get("valid").asBoolean()) {
      List<String> verifiedBy = new ArrayList<>();
      vector.get("verified_by").forEach(name -> verifiedBy.add(name.asText()));
      SignedNote parsed = SignedNote.parse(note);

      assertThat(parsed.verify(trusted)).extracting(NoteSignature::name).isEqualTo(verifiedBy);
      assertThat(parsed.text()).isEqualTo(TEXT);
      assertThat(parsed.serialize()).isEqualTo(note);
    } else {
      assertThatThrownBy(() -> SignedNote.parse(note).verify(trusted))
          .isInstanceOf(FAILURES.get(vector.get("id").asText()));
    }
  }

  @Test
  void aSignatureFromAnUntrustedKeyIsIgnoredEvenIfItSharesTheName() throws NoteException {
    NoteSigner impostor = NoteSigner.generate("PeterNeumann");
    SignedNote note = SignedNote.sign(TEXT, List.of(impostor, PETER));

    assertThat(note.verify(List.of(PETER.verifier())))
        .singleElement()
        .extracting(NoteSignature::keyId)
        .isEqualTo(PETER.keyId());
  }

  @Test
  void aBadSignatureFromATrustedKeyRejectsTheNoteEvenIfAnotherVerifies() {
    NoteSigner enoch = NoteSigner.generate("EnochRoot");
    SignedNote good = SignedNote.sign(TEXT, List.of(PETER, enoch));
    NoteSignature forged = enoch.sign("something else\n");
    SignedNote tampered = new SignedNote(TEXT, List.of(good.signatures().get(0), forged));

    InvalidSignatureException error =
        catchThrowableOfType(
            InvalidSignatureException.class,
            () -> tampered.verify(List.of(PETER.verifier(), enoch.verifier())));
    assertThat(error.keyName()).isEqualTo("EnochRoot");
    assertThat(error.keyId()).isEqualTo(enoch.keyId());
  }

  @Test
  void aMalformedSignatureFromATrustedKeyIsAnInvalidSignature() {
    byte[] scalarTooLarge = new byte[64];
    Arrays.fill(scalarTooLarge, 32, 64, (byte) 0xff);
    SignedNote note =
        new SignedNote(
            TEXT, List.of(NoteSignature.of("PeterNeumann", PETER.keyId(), scalarTooLarge)));

    assertThatThrownBy(() -> note.verify(List.of(PETER.verifier())))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("PeterNeumann+c74f20a3");
  }

  @Test
  void anUnverifiedNoteNamesWhoSignedIt() {
    SignedNote note = SignedNote.sign(TEXT, List.of(PETER));

    UnverifiedNoteException error =
        catchThrowableOfType(UnverifiedNoteException.class, () -> note.verify(List.of()));
    assertThat(error.signers()).containsExactly("PeterNeumann");
  }

  @Test
  void textMayContainBlankLines() throws NoteException {
    String text = "first\n\nsecond after a blank line\n\n";
    SignedNote note = SignedNote.sign(text, List.of(PETER));

    SignedNote parsed = SignedNote.parse(note.serialize());

    assertThat(parsed.text()).isEqualTo(text);
    assertThat(parsed.verify(List.of(PETER.verifier()))).hasSize(1);
  }

  @Test
  void refusesNotesLargerThanTheLimit() {
    String huge = "x".repeat(SignedNote.MAX_BYTES) + "\n\n" + PETER.sign("x\n").line() + "\n";
    String multiByte =
        "\u00e9".repeat(SignedNote.MAX_BYTES / 2) + "\n\n" + PETER.sign("x\n").line() + "\n";

    assertThatThrownBy(() -> SignedNote.parse(huge)).isInstanceOf(NoteTooLargeException.class);
    assertThatThrownBy(() -> SignedNote.parse(multiByte)).isInstanceOf(NoteTooLargeException.class);
    assertThatThrownBy(() -> SignedNote.parse(huge.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(NoteTooLargeException.class);
  }

  @Test
  void refusesNotesWithMoreSignaturesThanTheLimit() {
    String line = PETER.sign(TEXT).line() + "\n";
    String note =
        TEXT + "\n" + String.join("", Collections.nCopies(SignedNote.MAX_SIGNATURES + 1, line));
    String atLimit =
        TEXT + "\n" + String.join("", Collections.nCopies(SignedNote.MAX_SIGNATURES, line));

    assertThatThrownBy(() -> SignedNote.parse(note))
        .isInstanceOf(NoteTooLargeException.class)
        .hasMessageContaining(Integer.toString(SignedNote.MAX_SIGNATURES));
    assertThat(catchThrowableOfType(NoteTooLargeException.class, () -> SignedNote.parse(atLimit)))
        .isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "text\n\n", // no signature line
        "text\n\n\u2014 PeterNeumann x08go/ZJ", // no final newline
        "text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ\n", // hyphen, not em dash
        "text\n\n\u2014PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ\n", // no space after the dash
        "text\n\n\u2014 PeterNeumann\n", // no signature
        "text\n\n\u2014 PeterNeumann \n", // empty signature
        "text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIB=\n", // stray bits before the padding
        "text\n\n\u2014 PeterNeumann x08g\n", // 3 bytes: shorter than a key ID and a signature
        "text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIA\n", // padding missing
        "text\n\n\u2014 Peter+Neumann x08go/ZJkuBS9UG/SffcvIAQ\n", // '+' in the name
        "tab\there\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ\n", // control character
        "cr\r\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ\n", // carriage return
        "text\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ\n\n", // blank line at the end
        "\ud800 lone surrogate\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQ\n",
      })
  void rejectsMalformedNotes(String note) {
    assertThatThrownBy(() -> SignedNote.parse(note)).isInstanceOf(MalformedNoteException.class);
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] note =
        SignedNote.sign(TEXT, List.of(PETER)).serialize().getBytes(StandardCharsets.UTF_8);
    note[3] = (byte) 0xff;

    assertThatThrownBy(() -> SignedNote.parse(note))
        .isInstanceOf(MalformedNoteException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void parsesUtf8Bytes() throws NoteException {
    String note = SignedNote.sign("caf\u00e9 \u2603\n", List.of(PETER)).serialize();

    SignedNote parsed = SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));

    assertThat(parsed.text()).isEqualTo("caf\u00e9 \u2603\n");
    assertThat(parsed.verify(List.of(PETER.verifier()))).hasSize(1);
  }

  @Test
  void refusesToSignANoteThatParsingWouldRefuse() {
    String text = "x".repeat(SignedNote.MAX_BYTES) + "\n";

    assertThatThrownBy(() -> SignedNote.sign(text, List.of(PETER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void refusesToSignTextThatIsNotNoteText() {
    assertThatThrownBy(() -> SignedNote.sign("no final newline", List.of(PETER)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedNote.sign("bell\u0007\n", List.of(PETER)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedNote.sign(TEXT, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
