package ai.maily.mesh.trust.checkpoint;

import ai.maily.mesh.trust.hash.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Conversions between the raw 32-byte Ed25519 keys of signed notes and the JDK's key objects, and
 * the C2SP key ID.
 */
final class Ed25519Keys {

  /** C2SP signed-note signature type of Ed25519. */
  static final byte SIGNATURE_TYPE = 0x01;

  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;

  private static final String ALGORITHM = "Ed25519";

  /** DER header of an X.509 SubjectPublicKeyInfo holding a raw Ed25519 key (RFC 8410). */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private Ed25519Keys() {}

  /** {@code SHA-256(name || 0x0A || 0x01 || publicKey)[:4]}, big-endian. */
  static int keyId(String name, byte[] publicKey) {
    try {
      MessageDigest digest = MessageDigest.getInstance(Hashes.ALGORITHM);
      digest.update(name.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) '\n');
      digest.update(SIGNATURE_TYPE);
      digest.update(publicKey);
      return ByteBuffer.wrap(digest.digest()).getInt();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform must provide " + Hashes.ALGORITHM, e);
    }
  }

  /**
   * The JDK key for a raw public key, which must be a point on the curve: a key that cannot verify
   * any signature is a configuration error to report at once, not a silent failure later.
   */
  static PublicKey publicKey(byte[] raw) {
    byte[] encoded = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_SIZE);
    System.arraycopy(raw, 0, encoded, SPKI_PREFIX.length, KEY_SIZE);
    try {
      PublicKey key =
          KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
      Signature.getInstance(ALGORITHM).initVerify(key);
      return key;
    } catch (InvalidKeySpecException | InvalidKeyException e) {
      throw new IllegalArgumentException("not an Ed25519 public key (not a curve point)", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Java 17 provides " + ALGORITHM, e);
    }
  }

  static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    if (encoded.length != SPKI_PREFIX.length + KEY_SIZE
        || !Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new IllegalArgumentException("not an X.509-encoded Ed25519 public key");
    }
    return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
  }

  /** A fresh key pair from the platform's strong random source. */
  static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Java 17 provides " + ALGORITHM, e);
    }
  }

  /**
   * The key pair whose private key is the RFC 8032 32-byte {@code seed}.
   *
   * <p>The JDK has no public API that derives an Ed25519 public key from a private one, but its key
   * pair generator draws exactly the 32-byte private key from the random source it is given and
   * derives the public key from it; a source that replays the seed yields the pair. The result is
   * checked, so a provider that draws differently fails loudly instead of signing with a different
   * key.
   */
  static KeyPair fromSeed(byte[] seed) {
    if (seed.length != KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is " + KEY_SIZE + " bytes, got " + seed.length);
    }
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, new SeedReplay(seed));
      pair = generator.generateKeyPair();
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("Java 17 provides " + ALGORITHM, e);
    }
    if (!Arrays.equals(seed(pair.getPrivate()), seed)) {
      throw new IllegalStateException(
          "the " + ALGORITHM + " provider did not derive the key pair from the given seed");
    }
    return pair;
  }

  static byte[] seed(PrivateKey key) {
    if (!(key instanceof EdECPrivateKey edKey)) {
      throw new IllegalArgumentException("not an Ed25519 private key");
    }
    return edKey
        .getBytes()
        .orElseThrow(() -> new IllegalArgumentException("the private key is not extractable"));
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with a valid Ed25519 key cannot fail", e);
    }
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signatureBytes) {
    if (signatureBytes.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(message);
      return signature.verify(signatureBytes);
    } catch (SignatureException e) {
      // The JDK throws rather than returns false for some malformed encodings (s >= L, R not a
      // point); either way the signature is not valid.
      return false;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the key was checked when it was created", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Java 17 provides " + ALGORITHM, e);
    }
  }

  /** Hands the key pair generator the seed instead of fresh randomness. */
  private static final class SeedReplay extends SecureRandom {
    private final byte[] seed;

    SeedReplay(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException(
            "expected a request for a " + seed.length + "-byte seed, got " + bytes.length);
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
