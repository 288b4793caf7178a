package ai.maily.mesh.trust.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogEntryTest {

  @Test
  void encodesAnIssuanceInTheDocumentedLayout() {
    LogEntry.Issuance issuance =
        new LogEntry.Issuance(
            "c1",
            new Subject(SubjectType.CAMPAIGN, "spring"),
            Hash.of(new byte[32]),
            "acme",
            Instant.ofEpochMilli(0x0102));

    assertThat(HexFormat.of().formatHex(issuance.encode()))
        .isEqualTo(
            "01"
                + "01"
                + "0002"
                + "6331"
                + "02"
                + "0006"
                + "737072696e67"
                + "00".repeat(32)
                + "0004"
                + "61636d65"
                + "0000000000000102");
  }

  @Test
  void roundTripsBothKindsOfEntry() throws Exception {
    LogEntry.Issuance issuance = TrustTestConfig.issuance("c1");
    LogEntry.Revocation revocation =
        new LogEntry.Revocation("c1", "wrong list", "acme", Instant.parse("2026-11-26T08:00:00Z"));

    assertThat(LogEntry.decode(issuance.encode())).isEqualTo(issuance);
    assertThat(LogEntry.decode(revocation.encode())).isEqualTo(revocation);
    assertThat(issuance.leafHash()).isNotEqualTo(revocation.leafHash());
  }

  @Test
  void keepsTimesToTheMillisecondSoTheEncodingIsExact() {
    LogEntry.Revocation revocation =
        new LogEntry.Revocation("c1", "", "acme", Instant.parse("2026-11-26T08:00:00.123456789Z"));

    assertThat(revocation.revokedAt()).isEqualTo(Instant.parse("2026-11-26T08:00:00.123Z"));
  }

  @Test
  void refusesTrailingTruncatedOrUnknownBytes() {
    byte[] encoded = TrustTestConfig.issuance("c1").encode();

    assertThatThrownBy(() -> LogEntry.decode(Arrays.copyOf(encoded, encoded.length + 1)))
        .isInstanceOf(MalformedCertificateException.class)
        .hasMessage("encoding: 1 unexpected bytes after the last field");
    assertThatThrownBy(() -> LogEntry.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .hasMessage("issuedAt: truncated: needs 8 bytes, 7 left");
    byte[] version = encoded.clone();
    version[0] = 9;
    assertThatThrownBy(() -> LogEntry.decode(version))
        .hasMessage("version: unknown entry version 9");
    byte[] kind = encoded.clone();
    kind[1] = 7;
    assertThatThrownBy(() -> LogEntry.decode(kind)).hasMessage("kind: unknown entry kind 7");
  }

  @Test
  void refusesInvalidFields() {
    assertThatThrownBy(() -> TrustTestConfig.issuance("has space"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("certificateId");
    assertThatThrownBy(() -> new Subject(SubjectType.EMAIL, "line\nbreak"))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> new LogEntry.Revocation("c1", "x".repeat(513), "acme", Instant.EPOCH))
        .hasMessageContaining("reason must have 0 to 512 characters");
  }
}
