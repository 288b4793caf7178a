package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.NewMemory;
import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.edge.MemoryService;
import ai.maily.mesh.edge.auth.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * An agent's memory under {@code /api/v1/agents/{type}/memory}: add one ({@code POST}), search by
 * meaning or list the newest ({@code GET ?query=&k=&kind=}), forget one ({@code DELETE /{id}}).
 */
public final class MemoryRoutes extends JsonRoutes {

  private static final Set<String> ADD_FIELDS = Set.of("id", "kind", "text");
  private static final int DEFAULT_K = 10;

  private final MemoryService memories;

  public MemoryRoutes(MemoryService memories, long maxBodyBytes) {
    super(maxBodyBytes);
    this.memories = memories;
  }

  /** The routes under {@code /agents/{agentType}/memory} for an authenticated caller. */
  public Route routes(Principal caller, String agentType) {
    return concat(
        pathEndOrSingleSlash(
            () ->
                concat(
                    post(() -> jsonBody(body -> add(caller, agentType, body))),
                    get(
                        () ->
                            parameterOptional(
                                "query",
                                query ->
                                    parameterOptional(
                                        "k",
                                        k ->
                                            parameterOptional(
                                                "kind",
                                                kind ->
                                                    find(caller, agentType, query, k, kind))))))),
        path(
            PathMatchers.segment(),
            id ->
                delete(
                    () ->
                        onSuccess(
                            memories.forget(caller, agentType, id),
                            forgotten -> complete(StatusCodes.NO_CONTENT)))));
  }

  private Route add(Principal caller, String agentType, JsonNode body) {
    List<Violation> violations = unknownFields(body, ADD_FIELDS);
    String id = string(body, "id", violations);
    String kindLabel = string(body, "kind", violations);
    MemoryKind kind = kindLabel == null ? null : MemoryKind.parse(kindLabel).orElse(null);
    if (kindLabel != null && kind == null) {
      violations.add(new Violation("kind", "must be one of: " + MemoryKind.labels()));
    }
    String text = string(body, "text", violations);
    malformedIf(violations);
    // A missing kind or text, and the text's length, are the memory's own rules (NewMemory).
    return onSuccess(
        memories.add(caller, agentType, new NewMemory(id, kind, text, caller.subject())),
        added -> json(added.created() ? StatusCodes.CREATED : StatusCodes.OK, added));
  }

  private Route find(
      Principal caller,
      String agentType,
      Optional<String> query,
      Optional<String> k,
      Optional<String> kinds) {
    List<Violation> violations = new ArrayList<>();
    int limit = k(k, violations);
    Set<MemoryKind> wanted = kinds(kinds, violations);
    malformedIf(violations);
    return onSuccess(
        memories.find(
            caller, agentType, query.filter(text -> !text.isBlank()).orElse(null), limit, wanted),
        this::ok);
  }

  /** {@code k}: 1 to the memory's most results; 10 when absent. */
  private int k(Optional<String> k, List<Violation> violations) {
    if (k.isEmpty()) {
      return Math.min(DEFAULT_K, memories.maxResults());
    }
    try {
      int value = Integer.parseInt(k.get());
      if (value >= 1 && value <= memories.maxResults()) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    violations.add(new Violation("k", "must be an integer from 1 to " + memories.maxResults()));
    return 1;
  }

  /** The kinds named in {@code kind}, comma-separated; every kind when absent. */
  private static Set<MemoryKind> kinds(Optional<String> kind, List<Violation> violations) {
    if (kind.isEmpty() || kind.get().isBlank()) {
      return EnumSet.allOf(MemoryKind.class);
    }
    Set<MemoryKind> kinds = EnumSet.noneOf(MemoryKind.class);
    for (String label : kind.get().split(",")) {
      Optional<MemoryKind> parsed = MemoryKind.parse(label.strip());
      if (parsed.isEmpty()) {
        violations.add(
            new Violation("kind", "'" + label.strip() + "' is not one of: " + MemoryKind.labels()));
      } else {
        kinds.add(parsed.get());
      }
    }
    return kinds;
  }
}
