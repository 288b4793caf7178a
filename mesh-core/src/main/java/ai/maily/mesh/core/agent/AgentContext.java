package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.memory.MemoryView;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;

/**
 * What the hosting entity gives an agent while it performs one request.
 *
 * @param tenant the tenant the entity serves
 * @param agentType the agent's name
 * @param blockingExecutor the named dispatcher {@link Agent#perform} is called on; never the
 *     actor's thread
 * @param clock the clock to read time from, so tests can fix it
 * @param log a logger tagged with the entity
 * @param system the node's actor system, for agents that use the node's services (extensions)
 * @param memory the tenant's memory of this agent type (and, through {@link MemoryView#ofAgent}, of
 *     the tenant's other agents); {@link MemoryView#NONE} where the host keeps no memory
 */
public record AgentContext(
    String tenant,
    String agentType,
    Executor blockingExecutor,
    Clock clock,
    Logger log,
    ActorSystem<?> system,
    MemoryView memory) {

  /** A context without memory: every read of {@link #memory()} answers nothing. */
  public AgentContext(
      String tenant,
      String agentType,
      Executor blockingExecutor,
      Clock clock,
      Logger log,
      ActorSystem<?> system) {
    this(tenant, agentType, blockingExecutor, clock, log, system, MemoryView.NONE);
  }
}
