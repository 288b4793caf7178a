package ai.maily.mesh.analytics.bus;

/**
 * AMQP topic matching, as RabbitMQ's topic exchanges do it: keys and patterns are words separated
 * by dots; in a pattern {@code *} stands for exactly one word and {@code #} for zero or more.
 */
public final class TopicPattern {

  private TopicPattern() {}

  /** Whether {@code routingKey} matches {@code pattern}. */
  public static boolean matches(String pattern, String routingKey) {
    return matches(pattern.split("\\.", -1), 0, routingKey.split("\\.", -1), 0);
  }

  private static boolean matches(String[] pattern, int p, String[] key, int k) {
    if (p == pattern.length) {
      return k == key.length;
    }
    if (pattern[p].equals("#")) {
      for (int rest = k; rest <= key.length; rest++) {
        if (matches(pattern, p + 1, key, rest)) {
          return true;
        }
      }
      return false;
    }
    if (k == key.length) {
      return false;
    }
    return (pattern[p].equals("*") || pattern[p].equals(key[k]))
        && matches(pattern, p + 1, key, k + 1);
  }
}
