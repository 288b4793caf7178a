package ai.maily.mesh.trust.cert;

import ai.maily.mesh.trust.hash.Hash;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads what {@link BinaryWriter} wrote, refusing truncation, bad UTF-8 and trailing bytes. */
final class BinaryReader {

  private final byte[] bytes;
  private int position;

  BinaryReader(byte[] bytes) {
    this.bytes = bytes;
  }

  int u8(String field) throws MalformedCertificateException {
    require(field, 1);
    return bytes[position++] & 0xFF;
  }

  int u16(String field) throws MalformedCertificateException {
    require(field, 2);
    int value = (bytes[position] & 0xFF) << 8 | (bytes[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  long i64(String field) throws MalformedCertificateException {
    require(field, 8);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = value << 8 | (bytes[position++] & 0xFF);
    }
    return value;
  }

  String text(String field) throws MalformedCertificateException {
    int length = u16(field);
    require(field, length);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, position, length))
              .toString();
      position += length;
      return text;
    } catch (CharacterCodingException e) {
      throw new MalformedCertificateException(field, "is not valid UTF-8");
    }
  }

  Hash hash(String field) throws MalformedCertificateException {
    require(field, Hash.SIZE);
    Hash hash = Hash.of(Arrays.copyOfRange(bytes, position, position + Hash.SIZE));
    position += Hash.SIZE;
    return hash;
  }

  /** Fails unless every byte has been read: trailing bytes would make two encodings equal. */
  void end() throws MalformedCertificateException {
    if (position != bytes.length) {
      throw new MalformedCertificateException(
          "encoding", (bytes.length - position) + " unexpected bytes after the last field");
    }
  }

  private void require(String field, int length) throws MalformedCertificateException {
    if (bytes.length - position < length) {
      throw new MalformedCertificateException(
          field, "truncated: needs " + length + " bytes, " + (bytes.length - position) + " left");
    }
  }
}
