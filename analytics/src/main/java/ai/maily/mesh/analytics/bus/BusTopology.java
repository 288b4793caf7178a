package ai.maily.mesh.analytics.bus;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;

/**
 * The exchanges and queues of the mesh, declared when the bus starts (ADR 0032):
 *
 * <pre>
 * maily.engagement (topic)  --engagement.#-->  analytics.engagement
 *                                                 + .retry.1s / .retry.10s / .retry.60s, .dlq
 * maily.mesh (topic)        --task.submit-->   mesh.task.submit  + retries, .dlq
 *                           task.completed, certificate.issued: published for others to bind
 * </pre>
 *
 * @param engagementExchange where engagement events are published, routed by {@code
 *     engagement.<channel>.<type>}
 * @param meshExchange where commands to the mesh arrive and its domain events leave
 * @param engagement the engagement events the analytics module stores
 * @param taskCommands the {@code task.submit} commands
 */
public record BusTopology(
    String engagementExchange, String meshExchange, Inbox engagement, Inbox taskCommands) {

  /** The routing key of commands that submit a task. */
  public static final String TASK_SUBMIT = "task.submit";

  /** The routing key of the event that a task finished. */
  public static final String TASK_COMPLETED = "task.completed";

  /** The routing key of the event that a certificate was issued. */
  public static final String CERTIFICATE_ISSUED = "certificate.issued";

  /** Reads {@code mesh.amqp.topology}'s block. */
  public static BusTopology fromConfig(Config topology) {
    List<Duration> delays = topology.getDurationList("retry-delays");
    String engagementExchange = topology.getString("engagement-exchange");
    String meshExchange = topology.getString("mesh-exchange");
    return new BusTopology(
        engagementExchange,
        meshExchange,
        new Inbox(
            topology.getString("engagement-queue"),
            engagementExchange,
            List.of("engagement.#"),
            delays),
        new Inbox(topology.getString("task-queue"), meshExchange, List.of(TASK_SUBMIT), delays));
  }

  /** The inboxes the mesh consumes. */
  public List<Inbox> inboxes() {
    return List.of(engagement, taskCommands);
  }
}
