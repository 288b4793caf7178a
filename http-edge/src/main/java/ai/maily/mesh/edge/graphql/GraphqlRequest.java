package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An operation as a client sends it: the body of {@code POST /graphql}, or the payload of a {@code
 * subscribe} message.
 *
 * @param query the document's text
 * @param variables the values of its variables; empty when there are none
 * @param operationName which operation of the document to run; null when it holds one
 */
public record GraphqlRequest(String query, Map<String, Object> variables, String operationName) {

  private static final TypeReference<Map<String, Object>> VARIABLES = new TypeReference<>() {};

  public GraphqlRequest {
    variables = variables == null ? Map.of() : variables;
  }

  /**
   * The request {@code json} holds; an {@code invalid-request} problem naming every malformed
   * member otherwise. Members other than these three ({@code extensions}) are ignored, as the
   * GraphQL-over-HTTP convention allows.
   */
  public static GraphqlRequest of(JsonNode json) {
    List<Problem.Violation> violations = new ArrayList<>();
    JsonNode query = json.path("query");
    if (!query.isTextual()) {
      violations.add(new Problem.Violation("query", "must be a string holding a GraphQL document"));
    }
    JsonNode variables = json.path("variables");
    if (!variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
      violations.add(new Problem.Violation("variables", "must be an object"));
    }
    JsonNode operationName = json.path("operationName");
    if (!operationName.isMissingNode() && !operationName.isNull() && !operationName.isTextual()) {
      violations.add(new Problem.Violation("operationName", "must be a string"));
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(ProblemType.INVALID_REQUEST, "not a GraphQL request", violations));
    }
    return new GraphqlRequest(
        query.asText(),
        variables.isObject() ? Json.MAPPER.convertValue(variables, VARIABLES) : Map.of(),
        operationName.isTextual() ? operationName.asText() : null);
  }
}
