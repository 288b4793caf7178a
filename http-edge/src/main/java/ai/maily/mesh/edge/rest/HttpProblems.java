package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.Failures;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error of the REST API as {@code application/problem+json} (RFC 9457): problems
 * raised by the edge, exceptions, and Pekko HTTP's own rejections, so clients parse one shape.
 */
public final class HttpProblems {

  public static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8).toContentType();

  private static final Logger LOG = LoggerFactory.getLogger(HttpProblems.class);

  private HttpProblems() {}

  /**
   * The response for a problem, with its extension members beside the standard ones; one the client
   * may retry after a delay carries it as {@code Retry-After}, in whole seconds rounded up.
   */
  public static HttpResponse response(Problem problem) {
    HttpResponse response =
        HttpResponse.create()
            .withStatus(problem.type().httpStatus())
            .withEntity(PROBLEM_JSON, Json.bytes(body(problem)));
    if (problem.type() == ProblemType.UNAUTHORIZED) {
      response =
          response.addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "maily-mesh")));
    }
    if (!problem.retryAfter().isZero()) {
      long millis = problem.retryAfter().toMillis();
      response = response.addHeader(RetryAfter.create((millis + 999) / 1000));
    }
    return response;
  }

  /**
   * The problem's RFC 9457 members: {@code type}, {@code title}, {@code status}, {@code detail},
   * its extensions and, when it has violations, {@code errors}. Also the body of problems sent
   * elsewhere than in an HTTP response (AMQP replies).
   */
  public static Map<String, Object> body(Problem problem) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.type().uri());
    body.put("title", problem.type().title());
    body.put("status", problem.type().httpStatus());
    body.put("detail", problem.detail());
    body.putAll(problem.extensions());
    if (!problem.violations().isEmpty()) {
      body.put("errors", problem.violations());
    }
    return body;
  }

  /** Maps exceptions from routes and failed futures. */
  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .matchAny(error -> Directives.complete(response(Failures.toProblem(error))))
        .build();
  }

  /**
   * Pekko HTTP's default rejection handling (right status codes for unknown paths, wrong methods,
   * wrong content types, oversized bodies), re-rendered as problems.
   */
  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handle(
            MalformedRequestContentRejection.class,
            rejection -> Directives.complete(response(unreadableBody(rejection))))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(
            response -> {
              if (response.entity().getContentType().equals(PROBLEM_JSON)) {
                return response;
              }
              String detail =
                  response.entity() instanceof HttpEntity.Strict strict
                      ? strict.getData().utf8String()
                      : response.status().reason();
              return response(Problem.of(forStatus(response.status().intValue()), detail));
            });
  }

  /**
   * Why a body could not be read: the problem its stream failed with (a body limit), or else its
   * content is malformed.
   */
  private static Problem unreadableBody(MalformedRequestContentRejection rejection) {
    Throwable cause = rejection.getCause();
    if (cause instanceof ProblemException || cause instanceof EntityStreamSizeException) {
      return Failures.toProblem(cause);
    }
    return Problem.of(
        ProblemType.INVALID_REQUEST, "the request content is malformed: " + rejection.message());
  }

  /** The problem type of an error status; one without a type of its own is the class's default. */
  static ProblemType forStatus(int status) {
    return Arrays.stream(ProblemType.values())
        .filter(t -> t.httpStatus() == status)
        .findFirst()
        .orElse(status >= 500 ? ProblemType.INTERNAL : ProblemType.INVALID_REQUEST);
  }
}
