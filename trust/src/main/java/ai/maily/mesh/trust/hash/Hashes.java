package ai.maily.mesh.trust.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * RFC 9162 §2.1.1 Merkle tree hashing with SHA-256.
 *
 * <p>Leaves and interior nodes are hashed with different one-byte prefixes so that a leaf can never
 * be passed off as an interior node (second-preimage resistance).
 */
public final class Hashes {

  /** Prefix of a leaf hash: {@code HASH(0x00 || entry)}. */
  public static final byte LEAF_PREFIX = 0x00;

  /** Prefix of an interior node hash: {@code HASH(0x01 || left || right)}. */
  public static final byte NODE_PREFIX = 0x01;

  /** The JCA name of the log's hash function. */
  public static final String ALGORITHM = "SHA-256";

  private static final Hash EMPTY_ROOT = Hash.of(digest().digest());

  private Hashes() {}

  /** {@code MTH({d(0)}) = SHA-256(0x00 || entry)}: the hash of one log entry. */
  public static Hash leafHash(byte[] entry) {
    Objects.requireNonNull(entry, "entry");
    MessageDigest digest = digest();
    digest.update(LEAF_PREFIX);
    digest.update(entry);
    return Hash.of(digest.digest());
  }

  /** {@code SHA-256(0x01 || left || right)}: the hash of an interior node. */
  public static Hash nodeHash(Hash left, Hash right) {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    MessageDigest digest = digest();
    digest.update(NODE_PREFIX);
    digest.update(left.unsharedBytes());
    digest.update(right.unsharedBytes());
    return Hash.of(digest.digest());
  }

  /** {@code MTH({}) = SHA-256()}: the root of the empty tree. */
  public static Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance(ALGORITHM);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide " + ALGORITHM, e);
    }
  }
}
