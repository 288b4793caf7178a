package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One unit of work for an agent.
 *
 * @param requestId unique per attempt of a task step; the agent entity deduplicates on it
 * @param tenant the tenant the work belongs to
 * @param taskId the task that asked, or empty for direct calls
 * @param stepId the plan step that asked, or empty for direct calls
 * @param input the step input: {@code {"input": <task input>, "deps": {<stepId>: <output>}}}
 */
public record AgentRequest(
    String requestId, String tenant, String taskId, String stepId, JsonNode input)
    implements CborSerializable {}
