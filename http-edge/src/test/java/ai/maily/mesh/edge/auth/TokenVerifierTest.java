package ai.maily.mesh.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

  private static final byte[] SECRET =
      "a secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);
  private static final TokenVerifier VERIFIER = TokenVerifier.hs256(SECRET, "", "");

  /** A signed token whose claims are {@code subjectJson} as written, escapes and all. */
  private static String tokenFor(String subjectJson) throws JOSEException {
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    JWSObject token =
        new JWSObject(
            new JWSHeader(JWSAlgorithm.HS256),
            new Payload(
                "{\"sub\": "
                    + subjectJson
                    + ", \"tenant\": \"acme\", \"roles\": [\"editor\"], \"exp\": "
                    + exp
                    + "}"));
    token.sign(new MACSigner(SECRET));
    return token.serialize();
  }

  @Test
  void refusesASubjectTheJournalCouldNotStore() throws JOSEException {
    String token = tokenFor("\"dana\\ud800\"");

    assertThatThrownBy(() -> VERIFIER.verify(token))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("sub claim is not well-formed Unicode");
  }

  @Test
  void acceptsASubjectWithAstralCharacters() throws Exception {
    Principal caller = VERIFIER.verify(tokenFor("\"dana \\ud83d\\ude00\""));

    assertThat(caller.subject()).isEqualTo("dana \ud83d\ude00");
  }
}
