package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.MimeEmail;
import ai.maily.mesh.agents.embedding.EmbeddingSettings;
import ai.maily.mesh.agents.embedding.LocalEmbeddingModel;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.SchemaConformance;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every message of the labelled mail corpus (see its README) goes through the {@code compliance}
 * agent, embeddings included, and comes out as a schema-valid answer. The corpus is not part of the
 * repository: give its folder as {@code -Dmesh.corpus=../shared/testdata/email-corpus}; without it
 * the test is skipped and says why.
 */
class CorpusComplianceTest {

  @Test
  void checksEveryMessageOfTheCorpus() throws IOException {
    String property = System.getProperty("mesh.corpus", "");
    Path corpus = Path.of(property);
    boolean present = !property.isBlank() && Files.isDirectory(corpus.resolve("spam"));
    if (!present) {
      System.out.println(
          "CorpusComplianceTest skipped: set -Dmesh.corpus to the email corpus folder (now '"
              + property
              + "')");
    }
    assumeTrue(present, "no email corpus at -Dmesh.corpus='" + property + "'");

    List<Path> files;
    try (Stream<Path> walk = Files.walk(corpus)) {
      files = walk.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
    }
    List<String> failures = new ArrayList<>();
    try (LocalEmbeddingModel model =
        LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(ConfigFactory.load()))) {
      ComplianceAgent agent = new ComplianceAgent(context -> model, SpamModel.shipped());
      for (Path file : files) {
        try {
          AgentOutput output =
              AgentCalls.perform(agent, input(MimeEmail.parse(Files.readAllBytes(file))));
          List<String> violations =
              SchemaConformance.violations(agent.outputSchema(), output.data());
          if (!violations.isEmpty()) {
            failures.add(file.getFileName() + ": " + violations);
          }
        } catch (RuntimeException | IOException e) {
          failures.add(file.getFileName() + ": " + e);
        }
      }
    }

    assertThat(files).hasSizeGreaterThan(2000);
    assertThat(failures).isEmpty();
  }

  /** The task input the agent reads, as a client would send this email. */
  private static ObjectNode input(Email email) {
    ObjectNode input = AgentCalls.JSON.createObjectNode();
    ObjectNode json = input.putObject("email");
    json.put("from", email.from());
    email.replyTo().ifPresent(replyTo -> json.put("replyTo", replyTo));
    json.put("subject", email.subject());
    email.html().ifPresent(html -> json.put("html", html));
    email.text().ifPresent(text -> json.put("text", text));
    ObjectNode headers = json.putObject("headers");
    email.headers().forEach(headers::put);
    return input;
  }
}
