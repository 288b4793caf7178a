package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * What every route class of the edge that reads and answers JSON shares: reading JSON bodies within
 * a size limit (415 and 413 as problems), validating small fields and query parameters, and
 * answering JSON.
 */
public abstract class JsonRoutes extends AllDirectives {

  protected final long maxBodyBytes;

  protected JsonRoutes(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Reads a JSON object body of at most the configured size. */
  protected Route jsonBody(Function<JsonNode, Route> inner) {
    return extractRequestEntity(
        entity -> {
          if (!isJson(entity.getContentType())) {
            throw ProblemException.of(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "the body must be application/json, not " + entity.getContentType());
          }
          entity
              .getContentLengthOption()
              .ifPresent(
                  length -> {
                    if (length > maxBodyBytes) {
                      throw ProblemException.of(
                          ProblemType.PAYLOAD_TOO_LARGE,
                          "the request body of "
                              + length
                              + " bytes exceeds the limit of "
                              + maxBodyBytes
                              + " bytes");
                    }
                  });
          return withSizeLimit(
              maxBodyBytes,
              () -> entity(Unmarshaller.entityToString(), text -> inner.apply(parseObject(text))));
        });
  }

  /** Like {@link #jsonBody} but an empty body reads as {@code {}}. */
  protected Route optionalJsonBody(Function<JsonNode, Route> inner) {
    return extractRequestEntity(
        entity ->
            entity.isKnownEmpty() ? inner.apply(Json.MAPPER.createObjectNode()) : jsonBody(inner));
  }

  protected static boolean isJson(ContentType contentType) {
    var media = contentType.mediaType();
    return media.mainType().equals("application")
        && (media.subType().equals("json") || media.subType().endsWith("+json"));
  }

  protected static JsonNode parseObject(String text) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ProblemException.of(ProblemType.INVALID_REQUEST, "the body must be a JSON object");
    }
    return node;
  }

  /** A violation for each field of {@code body} that is not one of {@code allowed}. */
  protected static List<Problem.Violation> unknownFields(JsonNode body, Set<String> allowed) {
    List<Problem.Violation> violations = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!allowed.contains(field)) {
                violations.add(new Problem.Violation(field, "unknown field; allowed: " + allowed));
              }
            });
    return violations;
  }

  /** The string at {@code field}; null when it is absent or null, a violation when not a string. */
  protected static String string(JsonNode body, String field, List<Problem.Violation> violations) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      violations.add(new Problem.Violation(field, "must be a string"));
      return null;
    }
    return value.asText();
  }

  /** Refuses the request with {@code violations}, if there are any. */
  protected static void malformedIf(List<Problem.Violation> violations) {
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST, "the request is malformed", List.copyOf(violations)));
    }
  }

  protected static String text(JsonNode body, String field, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual() || value.asText().length() > maxLength) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "'" + field + "' must be a string of at most " + maxLength + " characters",
              List.of(new Problem.Violation(field, "must be a string of at most " + maxLength))));
    }
    return value.asText();
  }

  protected static long nonNegative(String name, Optional<String> value) {
    if (value.isEmpty()) {
      return 0;
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProblemException(
        new Problem(
            ProblemType.INVALID_REQUEST,
            "query parameter '" + name + "' must be a non-negative integer",
            List.of(new Problem.Violation(name, "must be a non-negative integer"))));
  }

  protected Route ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  protected Route json(StatusCode status, Object body) {
    return complete(
        HttpResponse.create()
            .withStatus(status)
            .withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }
}
