package ai.maily.mesh.analytics.bus;

/**
 * What {@code /health/ready} shows of the bus: a broker outage degrades the node (nothing arrives
 * over AMQP, domain events wait) without making it unready.
 *
 * @param backend {@code in-process} or {@code rabbitmq}
 * @param broker the broker's address without credentials; null in-process
 * @param connected whether the node's last attempt to reach the broker succeeded and its connection
 *     is open; always true in-process
 * @param lastError why the broker was last unreachable; null if it never was
 * @param counters counts since the node started
 */
public record BusStatus(
    String backend,
    String broker,
    boolean connected,
    String lastError,
    BusCounters.Snapshot counters) {}
