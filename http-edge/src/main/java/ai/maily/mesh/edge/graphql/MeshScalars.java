package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** The scalars of the schema beyond GraphQL's own: {@code JSON}, {@code DateTime}, {@code Long}. */
final class MeshScalars {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Any JSON value, as the REST API carries agents' outputs, inputs and plans. Values arrive as
   * Jackson trees and leave as they are, so the edge's JSON checks ({@code JsonLimits}) see the
   * same documents whichever API a client used.
   */
  static final GraphQLScalarType JSON =
      GraphQLScalarType.newScalar()
          .name("JSON")
          .description("Any JSON value")
          .coercing(new JsonCoercing())
          .build();

  /** An instant, as ISO-8601 text in UTC. */
  static final GraphQLScalarType DATE_TIME =
      GraphQLScalarType.newScalar()
          .name("DateTime")
          .description("An ISO-8601 instant")
          .coercing(new DateTimeCoercing())
          .build();

  /** A 64-bit integer, for counters that outgrow GraphQL's 32-bit {@code Int}. */
  static final GraphQLScalarType LONG =
      GraphQLScalarType.newScalar()
          .name("Long")
          .description("A 64-bit integer")
          .coercing(new LongCoercing())
          .build();

  private MeshScalars() {}

  private static final class JsonCoercing implements Coercing<JsonNode, JsonNode> {

    @Override
    public JsonNode serialize(Object result, GraphQLContext context, Locale locale) {
      return result instanceof JsonNode node ? node : Json.tree(result);
    }

    @Override
    public JsonNode parseValue(Object input, GraphQLContext context, Locale locale) {
      return Json.tree(input);
    }

    @Override
    public JsonNode parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      return tree(input, variables);
    }

    /** A literal as JSON; a variable inside it stands for its value. */
    private static JsonNode tree(Value<?> value, CoercedVariables variables) {
      if (value instanceof ObjectValue object) {
        ObjectNode node = NODES.objectNode();
        object.getObjectFields().forEach(f -> node.set(f.getName(), tree(f.getValue(), variables)));
        return node;
      }
      if (value instanceof ArrayValue array) {
        ArrayNode node = NODES.arrayNode();
        array.getValues().forEach(v -> node.add(tree(v, variables)));
        return node;
      }
      if (value instanceof StringValue string) {
        return NODES.textNode(string.getValue());
      }
      if (value instanceof IntValue integer) {
        return NODES.numberNode(integer.getValue());
      }
      if (value instanceof FloatValue decimal) {
        return NODES.numberNode(decimal.getValue());
      }
      if (value instanceof BooleanValue bool) {
        return NODES.booleanNode(bool.isValue());
      }
      if (value instanceof EnumValue name) {
        return NODES.textNode(name.getName());
      }
      if (value instanceof NullValue) {
        return NODES.nullNode();
      }
      if (value instanceof VariableReference reference) {
        return Json.tree(variables.get(reference.getName()));
      }
      throw new CoercingParseLiteralException("not a JSON value: " + value);
    }
  }

  private static final class DateTimeCoercing implements Coercing<Instant, String> {

    @Override
    public String serialize(Object result, GraphQLContext context, Locale locale) {
      if (result instanceof Instant instant) {
        return instant.toString();
      }
      throw new CoercingSerializeException("not an instant: " + result);
    }

    @Override
    public Instant parseValue(Object input, GraphQLContext context, Locale locale) {
      return parse(input.toString(), CoercingParseValueException::new);
    }

    @Override
    public Instant parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      if (input instanceof StringValue text) {
        return parse(text.getValue(), CoercingParseLiteralException::new);
      }
      throw new CoercingParseLiteralException("an instant is written as a string");
    }

    private static <E extends RuntimeException> Instant parse(
        String text, Function<String, E> error) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw error.apply("not an ISO-8601 instant: " + text);
      }
    }
  }

  private static final class LongCoercing implements Coercing<Long, Long> {

    @Override
    public Long serialize(Object result, GraphQLContext context, Locale locale) {
      if (result instanceof Long || result instanceof Integer) {
        return ((Number) result).longValue();
      }
      throw new CoercingSerializeException("not a 64-bit integer: " + result);
    }

    @Override
    public Long parseValue(Object input, GraphQLContext context, Locale locale) {
      if (input instanceof Long || input instanceof Integer) {
        return ((Number) input).longValue();
      }
      throw new CoercingParseValueException("not a 64-bit integer: " + input);
    }

    @Override
    public Long parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      if (input instanceof IntValue integer) {
        BigInteger value = integer.getValue();
        if (value.bitLength() < Long.SIZE) {
          return value.longValue();
        }
      }
      throw new CoercingParseLiteralException("not a 64-bit integer: " + input);
    }
  }
}
