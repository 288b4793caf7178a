package ai.maily.mesh.trust.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 §2.1 transcribed as literally as possible, with its own SHA-256, to cross-check the fast
 * implementation: recursive MTH, PATH and PROOF over the list of entries, and the step-by-step
 * verification algorithms of §2.1.3.2 and §2.1.4.2.
 */
public final class NaiveMerkle {

  private NaiveMerkle() {}

  /** MTH(D[n]). */
  public static byte[] mth(List<byte[]> entries) {
    int n = entries.size();
    if (n == 0) {
      return sha256();
    }
    if (n == 1) {
      return sha256(new byte[] {0x00}, entries.get(0));
    }
    int k = largestPowerOfTwoLessThan(n);
    return sha256(new byte[] {0x01}, mth(entries.subList(0, k)), mth(entries.subList(k, n)));
  }

  /** PATH(m, D[n]), leaf to root. */
  public static List<byte[]> path(int m, List<byte[]> entries) {
    int n = entries.size();
    List<byte[]> path = new ArrayList<>();
    if (n == 1) {
      return path;
    }
    int k = largestPowerOfTwoLessThan(n);
    if (m < k) {
      path.addAll(path(m, entries.subList(0, k)));
      path.add(mth(entries.subList(k, n)));
    } else {
      path.addAll(path(m - k, entries.subList(k, n)));
      path.add(mth(entries.subList(0, k)));
    }
    return path;
  }

  /** PROOF(m, D[n]) for 0 < m < n. */
  public static List<byte[]> proof(int m, List<byte[]> entries) {
    return subproof(m, entries, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> entries, boolean b) {
    int n = entries.size();
    List<byte[]> proof = new ArrayList<>();
    if (m == n) {
      if (!b) {
        proof.add(mth(entries));
      }
      return proof;
    }
    int k = largestPowerOfTwoLessThan(n);
    if (m <= k) {
      proof.addAll(subproof(m, entries.subList(0, k), b));
      proof.add(mth(entries.subList(k, n)));
    } else {
      proof.addAll(subproof(m - k, entries.subList(k, n), false));
      proof.add(mth(entries.subList(0, k)));
    }
    return proof;
  }

  /** §2.1.3.2, step by step. */
  public static boolean verifyInclusion(
      long leafIndex, long treeSize, byte[] hash, List<byte[]> path, byte[] rootHash) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = hash;
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = sha256(new byte[] {0x01}, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = sha256(new byte[] {0x01}, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, rootHash);
  }

  /**
   * §2.1.4.2, step by step, plus the policy the vectors assume for what the RFC leaves open: size1
   * = 0 fails, size1 = size2 needs an empty proof and equal roots.
   */
  public static boolean verifyConsistency(
      long first, long second, List<byte[]> consistencyPath, byte[] firstHash, byte[] secondHash) {
    if (first <= 0 || first > second) {
      return false;
    }
    if (first == second) {
      return consistencyPath.isEmpty() && Arrays.equals(firstHash, secondHash);
    }
    if (consistencyPath.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(consistencyPath);
    if (Long.bitCount(first) == 1) {
      path.add(0, firstHash);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = sha256(new byte[] {0x01}, c, fr);
        sr = sha256(new byte[] {0x01}, c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = sha256(new byte[] {0x01}, sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
  }

  private static int largestPowerOfTwoLessThan(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
