package ai.maily.mesh.trust.log;

import ai.maily.mesh.trust.checkpoint.NoteSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The log's Ed25519 signing key, stored as a C2SP signer key string ({@code
 * PRIVATE+KEY+name+hex8+base64}) in a file of its own.
 *
 * <p>Embedded nodes generate the key on first start, readable by the owner only (POSIX 0600), and
 * reuse it afterwards; elsewhere the file is a mounted secret and a missing file is a configuration
 * error, not a reason to sign with a key nobody knows. The key's name must be the log's origin.
 */
public final class LogKeys {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private LogKeys() {}

  /**
   * Reads the signer from {@code file}, or, if it is absent and {@code generate} is set, creates it
   * with a fresh key named {@code origin}.
   *
   * @throws IllegalStateException if the file is absent and may not be generated, cannot be read or
   *     written, holds no valid signer key, or names a key other than {@code origin}
   */
  public static NoteSigner loadOrCreate(Path file, String origin, boolean generate) {
    if (Files.notExists(file)) {
      if (!generate) {
        throw new IllegalStateException(
            "the trust log's signing key file " + file + " does not exist");
      }
      try {
        return create(file, origin);
      } catch (FileAlreadyExistsException raced) {
        // Another process created it first: use theirs.
        return read(file, origin);
      } catch (IOException e) {
        throw new UncheckedIOException("could not write the signing key to " + file, e);
      }
    }
    return read(file, origin);
  }

  private static NoteSigner create(Path file, String origin) throws IOException {
    NoteSigner signer = NoteSigner.generate(origin);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    // Created with its permissions, so the key is never readable by others, not even briefly.
    if (posix) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.createFile(file);
    }
    Files.writeString(
        file, signer.signerKey() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
    return signer;
  }

  private static NoteSigner read(Path file, String origin) {
    NoteSigner signer;
    try {
      signer = NoteSigner.parse(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the signing key " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the signing key file " + file + " holds no valid signer key: " + e.getMessage(), e);
    }
    if (!signer.name().equals(origin)) {
      throw new IllegalStateException(
          "the signing key in "
              + file
              + " is named "
              + signer.name()
              + " but the log's origin is "
              + origin
              + "; the key's name must be the origin");
    }
    return signer;
  }
}
