package ai.maily.mesh.trust.canon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentHashTest {

  @Test
  void hashesADocumentByteForByteWithItsMediaType() {
    byte[] bytes = "<h1>Spring</h1>".getBytes(StandardCharsets.UTF_8);

    assertThat(
            new String(
                ContentHash.canonicalBytes(new Content.Document("Text/HTML", bytes)),
                StandardCharsets.UTF_8))
        .isEqualTo("maily-document/1\ntext/html\n<h1>Spring</h1>");
    assertThat(ContentHash.of(new Content.Document("text/html", bytes)))
        .isNotEqualTo(ContentHash.of(new Content.Document("text/plain", bytes)));
  }

  @Test
  void refusesAMediaTypeThatIsNotTypeSlashSubtype() {
    assertThatThrownBy(() -> ContentHash.of(new Content.Document("html\nx", new byte[0])))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("mediaType");
  }

  @Test
  void theHashOfAParsedEmailIsTheHashOfItsRawForm() {
    byte[] raw = "From: a@b.com\nSubject: Hi\n\nbody".getBytes(StandardCharsets.UTF_8);

    assertThat(ContentHash.of(MimeMessage.parse(raw)))
        .isEqualTo(ContentHash.of(new Content.RawEmail(raw)));
  }
}
