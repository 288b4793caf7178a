package ai.maily.mesh.edge.graphql;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The settings under {@code mesh.graphql}: the limits every operation is held to, and those of a
 * subscription connection.
 *
 * @param maxDepth the deepest selection an operation may nest
 * @param maxComplexity the most an operation may cost, as the schema's {@code @cost} counts
 * @param maxQueryLength the longest query text parsed, in characters
 * @param introspection whether {@code __schema} and {@code __type} answer
 * @param connectionInitTimeout how long a subscription connection may go without {@code
 *     connection_init}
 * @param keepAlive how long a subscription connection may be silent before the server pings it
 * @param maxSubscriptions the most operations one connection runs at once
 * @param maxMessageLength the longest message a subscription connection reads, in characters
 */
public record GraphqlSettings(
    int maxDepth,
    int maxComplexity,
    int maxQueryLength,
    boolean introspection,
    Duration connectionInitTimeout,
    Duration keepAlive,
    int maxSubscriptions,
    long maxMessageLength) {

  /** Reads the block {@code mesh.graphql}. */
  public static GraphqlSettings fromConfig(Config graphql) {
    Config ws = graphql.getConfig("ws");
    return new GraphqlSettings(
        graphql.getInt("max-depth"),
        graphql.getInt("max-complexity"),
        graphql.getInt("max-query-length"),
        graphql.getBoolean("introspection"),
        ws.getDuration("connection-init-timeout"),
        ws.getDuration("keep-alive"),
        ws.getInt("max-subscriptions"),
        ws.getLong("max-message-length"));
  }
}
