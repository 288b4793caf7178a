package ai.maily.mesh.trust.cert;

import ai.maily.mesh.trust.hash.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the big-endian, length-prefixed fields of log entries and headers. */
final class BinaryWriter {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  BinaryWriter u8(int value) {
    out.write(value);
    return this;
  }

  BinaryWriter u16(int value) {
    out.write(value >>> 8);
    out.write(value);
    return this;
  }

  BinaryWriter i64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** UTF-8 bytes prefixed by their length as a u16. */
  BinaryWriter text(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("a text field is at most 65535 UTF-8 bytes");
    }
    u16(bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  BinaryWriter hash(Hash hash) {
    out.writeBytes(hash.bytes());
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
