package ai.maily.mesh.trust.canon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailCanonicalizerTest {

  private static final Content.StructuredEmail STRUCTURED =
      new Content.StructuredEmail(
          "Acme Outdoor <news@acme.com>",
          Optional.of("team@acme.com"),
          "Your trail guide is here",
          Optional.of("<p>Hi Dana,</p>\n<p>Spring is here.</p>"),
          Optional.of("Hi Dana,\n\nSpring is here."));

  private static String canonical(String raw) {
    return new String(
        EmailCanonicalizer.canonicalize(new Content.RawEmail(raw.getBytes(StandardCharsets.UTF_8))),
        StandardCharsets.UTF_8);
  }

  private static String canonical(Content.StructuredEmail email) {
    return new String(EmailCanonicalizer.canonicalize(email), StandardCharsets.UTF_8);
  }

  private static String crlf(String text) {
    return text.replace("\n", "\r\n");
  }

  @Test
  void writesTheDocumentedCanonicalForm() {
    assertThat(canonical(STRUCTURED))
        .isEqualTo(
            """
            maily-email/1
            from: "Acme Outdoor" <news@acme.com>
            reply-to: <team@acme.com>
            subject: Your trail guide is here
            text/plain 25
            Hi Dana,

            Spring is here.
            text/html 38
            <p>Hi Dana,</p>
            <p>Spring is here.</p>
            """);
  }

  @Test
  void aRawMultipartAlternativeMessageEqualsItsStructuredFields() {
    String raw =
        crlf(
            """
            Received: from mx.example.net by mx.acme.com; Tue, 25 Nov 2026 10:00:00 +0000
            DKIM-Signature: v=1; a=rsa-sha256; d=acme.com; b=abc
            From: "Acme Outdoor" <NEWS@Acme.COM>
            To: dana@example.net
            Reply-To: team@ACME.com
            Subject: =?UTF-8?Q?Your_trail?=
             =?UTF-8?B?IGd1aWRlIGlzIGhlcmU=?=
            Date: Tue, 25 Nov 2026 10:00:00 +0000
            Message-ID: <1@acme.com>
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1"

            This is a MIME message.
            --b1
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hi Dana,  \s

            Spring is =
            here.
            --b1
            Content-Type: text/html; charset="UTF-8"
            Content-Transfer-Encoding: base64

            %s
            --b1--
            """
                .formatted(
                    Base64.getMimeEncoder()
                        .encodeToString(
                            "<p>Hi Dana,</p>\n<p>Spring is here.</p>\n\n"
                                .getBytes(StandardCharsets.UTF_8))));

    // The local part keeps its case (RFC 5321), so the structured form must match it.
    Content.StructuredEmail structured =
        new Content.StructuredEmail(
            "Acme Outdoor <NEWS@acme.com>",
            Optional.of("team@acme.com"),
            "Your trail guide is here",
            STRUCTURED.html(),
            STRUCTURED.text());
    assertThat(canonical(raw)).isEqualTo(canonical(structured));
  }

  @Test
  void crlfAndLfMessagesAreTheSame() {
    String lf = "From: a@b.com\nSubject: Hi\n\nline one\nline two\n";

    assertThat(canonical(crlf(lf))).isEqualTo(canonical(lf));
  }

  @Test
  void headerFoldingAndWhitespaceRunsDoNotMatter() {
    assertThat(canonical("From: a@b.com\nSubject: Spring\n   is    here\n\nx"))
        .isEqualTo(canonical("From: a@b.com\nSubject: Spring is here\n\nx"));
  }

  @Test
  void unicodeIsComparedInNfc() {
    String composed = "From: a@b.com\nSubject: Caf\u00e9\n\nCaf\u00e9";
    String decomposed = "From: a@b.com\nSubject: Cafe\u0301\n\nCafe\u0301";

    assertThat(canonical(composed)).isEqualTo(canonical(decomposed));
  }

  @Test
  void decodesTheDeclaredCharsetToUtf8() {
    byte[] latin1 =
        "From: a@b.com\nSubject: x\nContent-Type: text/plain; charset=iso-8859-1\n\nCaf\u00e9"
            .getBytes(StandardCharsets.ISO_8859_1);

    assertThat(
            new String(
                EmailCanonicalizer.canonicalize(new Content.RawEmail(latin1)),
                StandardCharsets.UTF_8))
        .isEqualTo(canonical("From: a@b.com\nSubject: x\n\nCaf\u00e9"));
  }

  @Test
  void ignoresHeadersThatAreSetPerDeliveryOrInTransit() {
    String base = "From: a@b.com\nSubject: Hi\n\nbody";

    assertThat(
            canonical(
                "Maily-Certificate: AQID\nTo: x@y.com\nDate: today\nReceived: by mx\n" + base))
        .isEqualTo(canonical(base));
  }

  @Test
  void aChangedBodySubjectOrSenderChangesTheCanonicalForm() {
    String base = canonical("From: a@b.com\nSubject: Hi\n\nbody");

    assertThat(canonical("From: a@b.com\nSubject: Hi\n\nbody!")).isNotEqualTo(base);
    assertThat(canonical("From: a@b.com\nSubject: Hi!\n\nbody")).isNotEqualTo(base);
    assertThat(canonical("From: a@c.com\nSubject: Hi\n\nbody")).isNotEqualTo(base);
    assertThat(canonical("From: Mallory <a@b.com>\nSubject: Hi\n\nbody")).isNotEqualTo(base);
  }

  @Test
  void coversAttachmentsByTheHashOfTheirBytes() {
    String template =
        """
        From: a@b.com
        Subject: Invoice
        Content-Type: multipart/mixed; boundary=xyz

        --xyz
        Content-Type: text/plain

        See attached.
        --xyz
        Content-Type: application/pdf
        Content-Disposition: attachment; filename=invoice.pdf
        Content-Transfer-Encoding: base64

        %s
        --xyz--
        """;
    String one = canonical(template.formatted("JVBERi0xLjQK"));
    String other = canonical(template.formatted("JVBERi0xLjUK"));

    assertThat(one).contains("attachment application/pdf ").isNotEqualTo(other);
    assertThat(one).contains("text/plain 13\nSee attached.\n");
  }

  @Test
  void refusesAnEmailOverTheSizeLimit() {
    byte[] huge = new byte[MimeMessage.MAX_BYTES + 1];

    assertThatThrownBy(() -> EmailCanonicalizer.canonicalize(new Content.RawEmail(huge)))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.problem().type()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
  }

  @Test
  void refusesAnEmailWithoutFromOrWithTwoSubjects() {
    assertThatThrownBy(() -> canonical("Subject: Hi\n\nbody"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("no From");
    assertThatThrownBy(() -> canonical("From: a@b.com\nSubject: one\nSubject: two\n\nbody"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("2 subject headers");
  }

  @Test
  void refusesMalformedHeadersAndEncodings() {
    assertThatThrownBy(() -> canonical("From: a@b.com\nnot a header\n\nbody"))
        .hasMessageContaining("header line 2 has no field name and colon");
    assertThatThrownBy(
            () -> canonical("From: a@b.com\nContent-Transfer-Encoding: uuencode\n\nbody"))
        .hasMessageContaining("unknown Content-Transfer-Encoding \"uuencode\"");
    assertThatThrownBy(() -> canonical("From: a@b.com\nContent-Type: multipart/mixed\n\nbody"))
        .hasMessageContaining("has no boundary");
    assertThatThrownBy(
            () -> canonical("From: a@b.com\nContent-Type: text/plain; charset=klingon\n\nbody"))
        .hasMessageContaining("unknown charset \"klingon\"");
    assertThatThrownBy(() -> canonical("From: not-an-address\n\nbody"))
        .hasMessageContaining("is not local@domain");
  }

  @Test
  void refusesMultipartsNestedTooDeep() {
    StringBuilder raw = new StringBuilder("From: a@b.com\n");
    for (int depth = 0; depth <= MimeMessage.MAX_DEPTH; depth++) {
      raw.append("Content-Type: multipart/mixed; boundary=b")
          .append(depth)
          .append("\n\n--b")
          .append(depth)
          .append('\n');
    }
    raw.append("Content-Type: text/plain\n\nhi\n");

    assertThatThrownBy(() -> canonical(raw.toString())).hasMessageContaining("deeper than");
  }

  @Test
  void structuredFieldsAreNormalisedLikeRawOnes() {
    Content.StructuredEmail messy =
        new Content.StructuredEmail(
            "  \"Acme Outdoor\"   <news@ACME.com> ",
            Optional.of("<team@acme.com>"),
            "Your trail   guide is here ",
            Optional.of("<p>Hi Dana,</p>   \r\n<p>Spring is here.</p>\n\n\n"),
            Optional.of("Hi Dana,\r\n\r\nSpring is here.\t"));

    assertThat(canonical(messy)).isEqualTo(canonical(STRUCTURED));
  }

  @Test
  void aDisplayNameCannotImitateAnotherMailbox() {
    assertThat(canonical("From: \"x, <a@b.com>\" <c@d.com>\n\nbody"))
        .contains("from: \"x, <a@b.com>\" <c@d.com>\n");
    assertThat(canonical("From: x <a@b.com>, <c@d.com>\n\nbody"))
        .contains("from: \"x\" <a@b.com>, <c@d.com>\n");
  }

  @Test
  void refusesStructuredFieldsWithASurrogateWithoutItsPair() {
    Content.StructuredEmail loneInSubject =
        new Content.StructuredEmail(
            "news@acme.com", Optional.empty(), "Sale \uD83D", Optional.empty(), Optional.empty());
    Content.StructuredEmail loneInText =
        new Content.StructuredEmail(
            "news@acme.com", Optional.empty(), "Sale", Optional.empty(), Optional.of("Hi \uDE00"));

    assertThatThrownBy(() -> canonical(loneInSubject))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.problem().type()).isEqualTo(ProblemType.INVALID_REQUEST))
        .hasMessageContaining("the Subject is not valid Unicode");
    assertThatThrownBy(() -> canonical(loneInText))
        .hasMessageContaining("the text/plain body is not valid Unicode");
  }

  @Test
  void refusesARawEmailWhoseBytesEncodeASurrogate() {
    // ED A0 BD is how a lone U+D83D would be written in UTF-8, which has no encoding for it.
    byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0xBD};
    byte[] inSubject = bytes("From: a@b.com\nSubject: Sale ", surrogate, "\n\nbody");
    byte[] inBody =
        bytes("From: a@b.com\nContent-Type: text/plain; charset=utf-8\n\nHi ", surrogate, "\n");

    assertThatThrownBy(() -> EmailCanonicalizer.canonicalize(new Content.RawEmail(inSubject)))
        .hasMessageContaining("the header section is not valid UTF-8");
    assertThatThrownBy(() -> EmailCanonicalizer.canonicalize(new Content.RawEmail(inBody)))
        .hasMessageContaining("is not valid UTF-8 text");
  }

  @Test
  void pairedSurrogatesAreCertifiedAsTheirFourByteEncoding() {
    assertThat(canonical("From: a@b.com\nSubject: Sale \uD83D\uDE00\n\nbody"))
        .contains("subject: Sale \uD83D\uDE00\n");
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
