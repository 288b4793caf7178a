package ai.maily.mesh.agents;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.SchemaConformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class StandardAgentsTest {

  @Test
  void registryFindsTheAgentsThroughTheServiceLoader() {
    AgentRegistry registry = AgentRegistry.load(ConfigFactory.empty());

    assertThat(registry.all())
        .extracting(Agent::name)
        .contains("brand-voice", "compliance", "personalizer");
  }

  @Test
  void everyAgentPublishesDraft2020SchemasWithTheSharedEmailShape() {
    for (Agent agent : new StandardAgents().agents(ConfigFactory.empty())) {
      JsonNode input = agent.inputSchema();

      assertThat(agent.description()).isNotBlank();
      assertThat(input.path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(agent.outputSchema().path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      if (!agent.name().equals("brand-learner")) {
        // The brand-learner reads its email from a dependency, not from the task input.
        assertThat(input.at("/properties/email/$ref").asText()).isEqualTo("#/$defs/email");
        assertThat(input.at("/$defs/email")).isEqualTo(Schemas.load("email.json"));
      }
      assertThat(
              SchemaConformance.violations(input, AgentCalls.example("campaign-draft-input.json")))
          .isEmpty();
    }
  }
}
