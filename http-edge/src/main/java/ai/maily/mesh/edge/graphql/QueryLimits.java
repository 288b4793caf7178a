package ai.maily.mesh.edge.graphql;

import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.parser.ParserOptions;
import graphql.schema.GraphQLAppliedDirective;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What keeps one operation from taking the node down, checked before anything runs: the length of
 * its text (while parsing), how deep it nests and what it costs (before execution). A refused
 * operation is answered with one error whose {@code extensions} name the limit, and nothing is read
 * or written. Introspection is bounded by graphql-java's own good-faith check (one {@code
 * __schema}, no cycles, at most 500 fields), which is on unless turned off JVM-wide.
 */
final class QueryLimits {

  /** The directive that weighs a field in schema.graphqls. */
  private static final String COST = "cost";

  private final GraphqlSettings settings;

  QueryLimits(GraphqlSettings settings) {
    this.settings = settings;
  }

  /** The parser's limits for an operation's text. */
  ParserOptions parserOptions() {
    return ParserOptions.getDefaultOperationParserOptions()
        .transform(options -> options.maxCharacters(settings.maxQueryLength()));
  }

  /** The depth and cost checks. */
  Instrumentation instrumentation() {
    return new ChainedInstrumentation(
        List.of(
            new MaxQueryDepthInstrumentation(settings.maxDepth()) {
              @Override
              protected AbortExecutionException mkAbortException(int depth, int maxDepth) {
                return refused("max-depth", "the query nests too deep", depth, maxDepth);
              }
            },
            new MaxQueryComplexityInstrumentation(settings.maxComplexity(), this::cost) {
              @Override
              protected AbortExecutionException mkAbortException(int cost, int maxCost) {
                return refused("max-complexity", "the query costs too much", cost, maxCost);
              }
            }));
  }

  /**
   * What a field costs: 1 plus what is selected beneath it, or as its {@code @cost} directive says:
   * its weight plus what is beneath it, times its {@code multipliedBy} argument (at least 1). A
   * cost over the limit counts as just over it, so that no sum of costs can overflow.
   */
  int cost(FieldComplexityEnvironment field, int beneath) {
    GraphQLAppliedDirective cost = field.getFieldDefinition().getAppliedDirective(COST);
    long total = 1L + beneath;
    if (cost != null) {
      int weight = cost.getArgument("weight").getValue();
      String multipliedBy = cost.getArgument("multipliedBy").getValue();
      Object times = multipliedBy == null ? null : field.getArguments().get(multipliedBy);
      total = ((long) weight + beneath) * (times instanceof Integer n ? Math.max(1, n) : 1);
    }
    return (int) Math.min(total, settings.maxComplexity() + 1L);
  }

  /** A refusal that names the limit passed, the limit, and the operation's measure. */
  private static Refusal refused(String limit, String what, int measured, int max) {
    Map<String, Object> more = new LinkedHashMap<>();
    more.put("limit", limit);
    more.put("max", max);
    more.put("measured", measured);
    return new Refusal(
        what + ": " + measured + " > " + max + " (mesh.graphql." + limit + ")", more);
  }
}
