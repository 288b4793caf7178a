package ai.maily.mesh.edge.auth;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Turns an {@code Authorization} header into a {@link Principal}, or a {@code 401} problem.
 * Verification that may fetch keys (JWKS) runs on the blocking executor, never on the caller's
 * thread.
 */
public final class Authenticator {

  private static final String BEARER = "Bearer ";

  private final TokenVerifier verifier;
  private final Executor executor;

  public Authenticator(TokenVerifier verifier, Executor blockingExecutor) {
    this.verifier = verifier;
    this.executor = verifier.fetchesKeys() ? blockingExecutor : Runnable::run;
  }

  /** The caller named by the header value; fails with an {@code unauthorized} problem. */
  public CompletionStage<Principal> authenticate(Optional<String> authorization) {
    if (authorization.isEmpty()) {
      return unauthorized("a bearer token is required (Authorization: Bearer <JWT>)");
    }
    String header = authorization.get();
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return unauthorized("the Authorization header must use the Bearer scheme");
    }
    String token = header.substring(BEARER.length()).trim();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return verifier.verify(token);
          } catch (AuthenticationException e) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, e.getMessage());
          }
        },
        executor);
  }

  private static CompletionStage<Principal> unauthorized(String detail) {
    return CompletableFuture.failedFuture(ProblemException.of(ProblemType.UNAUTHORIZED, detail));
  }
}
