package ai.maily.mesh.edge.auth;

/** A bearer token is missing, malformed, expired, wrongly signed or lacks a required claim. */
public final class AuthenticationException extends Exception {

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
