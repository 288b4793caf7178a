package ai.maily.mesh.trust.cert;

/**
 * Certificate data (a {@code Maily-Certificate} header, a log entry) that cannot be decoded:
 * truncated, padded, of an unknown version, or with a field out of range. The message names the
 * field.
 */
public final class MalformedCertificateException extends Exception {

  private final String field;

  MalformedCertificateException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The field that could not be read, e.g. {@code "proof"} or {@code "subject.id"}. */
  public String field() {
    return field;
  }
}
