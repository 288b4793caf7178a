package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskIds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * Relays an answer as it is written to the canvas: ephemeral {@code draft} messages on the live
 * topic of the task that asked (docs/api/live-streams.md), {@code {"data": {"taskId", "stepId",
 * "agent", "text"}}}. Each draft carries the whole text so far, so a client that gets only the
 * newest (the live channel conflates drafts per sender) misses nothing; drafts go out at most once
 * per {@code mesh.ai.llm.draft-interval}, and once more when the answer is complete. A new answer
 * after a complete one (a structured answer's retry) starts a new draft.
 *
 * <p>Not thread-safe: a relay follows one call at a time, whose tokens come in order.
 */
public final class DraftRelay implements TokenListener {

  private final Consumer<LiveMessage> publish;
  private final String persistenceId;
  private final String from;
  private final ObjectNode fields;
  private final Duration interval;
  private final Clock clock;
  private final StringBuilder text = new StringBuilder();
  private Instant lastSent = Instant.MIN;
  private boolean unsent;

  DraftRelay(
      Consumer<LiveMessage> publish,
      String tenant,
      String taskId,
      String stepId,
      String agent,
      Duration interval,
      Clock clock) {
    this.publish = publish;
    this.persistenceId =
        PersistenceId.of(TaskCoordinator.ENTITY_KEY.name(), TaskIds.entityId(tenant, taskId)).id();
    this.from = stepId.isEmpty() ? agent : agent + ":" + stepId;
    this.fields =
        Json.MAPPER
            .createObjectNode()
            .put("taskId", taskId)
            .put("stepId", stepId)
            .put("agent", agent);
    this.interval = interval;
    this.clock = clock;
  }

  /**
   * A listener that relays the answer to the canvas of the task behind {@code request}; one that
   * ignores it when the request came from no task (a direct call).
   */
  public static TokenListener forStep(AgentRequest request, AgentContext context) {
    if (request.taskId().isEmpty()) {
      return TokenListener.NONE;
    }
    LiveTopics topics = LiveTopics.get(context.system());
    return new DraftRelay(
        topics::publish,
        request.tenant(),
        request.taskId(),
        request.stepId(),
        context.agentType(),
        context.system().settings().config().getDuration("mesh.ai.llm.draft-interval"),
        context.clock());
  }

  @Override
  public void onToken(String delta) {
    text.append(delta);
    unsent = true;
    Instant now = clock.instant();
    if (!now.isBefore(lastSent.plus(interval))) {
      send(now);
    }
  }

  @Override
  public void onComplete(String answer) {
    if (unsent) {
      send(clock.instant());
    }
    text.setLength(0);
    lastSent = Instant.MIN;
  }

  private void send(Instant now) {
    ObjectNode draft = fields.deepCopy().put("text", text.toString());
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.set("data", draft);
    publish.accept(new LiveMessage.Ephemeral(persistenceId, "draft", from, data));
    lastSent = now;
    unsent = false;
  }
}
