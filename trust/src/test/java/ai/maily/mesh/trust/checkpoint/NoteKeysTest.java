package ai.maily.mesh.trust.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.maily.mesh.trust.testing.TlogVectors;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoteKeysTest {

  private static final JsonNode KEYS = TlogVectors.json().get("signed_notes").get("keys");
  private static final JsonNode DEMO = TlogVectors.json().get("checkpoints").get("demo");
  private static final String PETER_VKEY = KEYS.get("PeterNeumann").get("vkey").asText();
  private static final String PETER_SKEY = KEYS.get("PeterNeumann").get("skey").asText();

  @Test
  void parsesTheVerifierKeysOfTheVectors() {
    NoteVerifier peter = NoteVerifier.parse(PETER_VKEY);
    NoteVerifier enoch = NoteVerifier.parse(KEYS.get("EnochRoot").get("vkey").asText());
    NoteVerifier demo = NoteVerifier.parse(DEMO.get("vkey").asText());

    assertThat(peter.name()).isEqualTo("PeterNeumann");
    assertThat(peter.keyId()).isEqualTo(0xc74f20a3);
    assertThat(enoch.keyId()).isEqualTo(0xaf0cfe78);
    assertThat(demo.name()).isEqualTo(DEMO.get("origin").asText());
    assertThat(demo.keyId()).isEqualTo(0xfd8e003c);
    assertThat(peter.verifierKey()).isEqualTo(PETER_VKEY);
    assertThat(peter.publicKey()).hasSize(32);
  }

  @Test
  void keyIdIsTheFirstFourBytesOfSha256OfNameNewlineTypeAndKey() throws Exception {
    NoteVerifier peter = NoteVerifier.parse(PETER_VKEY);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("PeterNeumann\n".getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0x01);
    sha256.update(peter.publicKey());

    assertThat(peter.keyId()).isEqualTo(ByteBuffer.wrap(sha256.digest()).getInt());
  }

  @Test
  void signerKeysDeriveThePublishedVerifierKeys() {
    assertThat(NoteSigner.parse(PETER_SKEY).verifier().verifierKey()).isEqualTo(PETER_VKEY);
    assertThat(NoteSigner.parse(DEMO.get("skey_DEMO_ONLY").asText()).verifier())
        .isEqualTo(NoteVerifier.parse(DEMO.get("vkey").asText()));
  }

  @Test
  void signerKeyIsTheSeedOfTheDemoKey() {
    NoteSigner fromSeed =
        NoteSigner.fromSeed(
            DEMO.get("origin").asText(),
            HexFormat.of().parseHex(DEMO.get("seed_hex_DEMO_ONLY").asText()));

    assertThat(fromSeed.signerKey()).isEqualTo(DEMO.get("skey_DEMO_ONLY").asText());
    assertThat(NoteSigner.parse(PETER_SKEY).signerKey()).isEqualTo(PETER_SKEY);
  }

  @Test
  void signingIsDeterministicAndReproducesGoSignatures() {
    JsonNode note = TlogVectors.json().get("signed_notes").get("notes").get(0);
    String text = note.get("note").asText();
    String body = text.substring(0, text.lastIndexOf("\n\n") + 1);

    NoteSignature signature = NoteSigner.parse(PETER_SKEY).sign(body);

    assertThat(signature.line() + "\n").isEqualTo(text.substring(body.length() + 1));
  }

  @Test
  void aGeneratedSignerSignsWhatItsVerifierAccepts() throws NoteException {
    NoteSigner signer = NoteSigner.generate("example.com/fresh");
    SignedNote note = SignedNote.sign("hello\n", List.of(signer));

    assertThat(note.verify(List.of(signer.verifier()))).hasSize(1);
    assertThat(NoteSigner.parse(signer.signerKey()).verifier()).isEqualTo(signer.verifier());
    assertThat(signer.toString()).doesNotContain(signer.signerKey()).contains("example.com/fresh");
  }

  @Test
  void verifierFromAJdkPublicKeyEqualsTheOneFromRawBytes() throws Exception {
    var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteVerifier fromJdk = NoteVerifier.of("jdk", pair.getPublic());

    assertThat(NoteVerifier.of("jdk", fromJdk.publicKey())).isEqualTo(fromJdk);
    assertThat(NoteVerifier.parse(fromJdk.verifierKey())).isEqualTo(fromJdk);
  }

  @Test
  void rejectsPublicKeysThatAreNotCurvePoints() {
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2; // y = 2 has no x on edwards25519

    assertThatIllegalArgumentException()
        .isThrownBy(() -> NoteVerifier.of("example.com/log", notAPoint))
        .withMessageContaining("curve point");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // wrong key ID
        "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // 7 hex digits
        "PeterNeumann+c74f20g3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // not hex
        "PeterNeumann+c74f20a3+Alpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // type 0x02
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10", // 31-byte key
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // space in name
        "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", // empty name
        "PeterNeumann+c74f20a3", // no key
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+extra",
      })
  void rejectsMalformedVerifierKeys(String verifierKey) {
    assertThatIllegalArgumentException().isThrownBy(() -> NoteVerifier.parse(verifierKey));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PUBLIC+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
        "PRIVATE+KEY+PeterNeumann+c74f20a3",
      })
  void rejectsMalformedSignerKeysWithoutEchoingThem(String signerKey) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> NoteSigner.parse(signerKey))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AYEKFALV", "AoEKFALV"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "a+b", "tab\there", "nbsp\u00a0here", "line\u2028sep"})
  void rejectsKeyNamesThatCannotAppearInASignatureLine(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> NoteSigner.generate(name));
  }
}
