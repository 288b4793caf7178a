package ai.maily.mesh.analytics.store;

/**
 * The engagement store's database could not be reached; nothing of the write was stored, and the
 * same write may be tried again.
 */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
