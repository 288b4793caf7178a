package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ReadmeWalkthroughTest {

  private static final String README =
      """
      # Title

      ```sh
      echo not in the section
      ```

      ## Walk-through

      ```sh
      TOKEN=$(mint)
      ```

      ```sh
      curl -s -X POST localhost:8080/a -d '{}'
      # → 202 {"id":"…","created":true}
      curl -s localhost:8080/a/$ID   # a remark, not an outcome
      # → {"id":…,"steps":[…],
      #    "result":{…}}
      ```

      ### Subsection

      ```sh
      cat signed.eml
      # → HTTP/1.1 201 Created
      ```

      ## Next section

      ```sh
      echo not in the section either
      ```
      """;

  @Test
  void cutsTheSectionsBlocksAfterEachOutcomeAndReadsStatusAndOutputPieces() {
    List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.steps(README, "## Walk-through");

    assertThat(steps)
        .containsExactly(
            new ReadmeWalkthrough.Step("TOKEN=$(mint)", OptionalInt.empty(), List.of()),
            new ReadmeWalkthrough.Step(
                "curl -s -X POST localhost:8080/a -d '{}'",
                OptionalInt.of(202),
                List.of("{\"id\":\"", "\",\"created\":true}")),
            new ReadmeWalkthrough.Step(
                "curl -s localhost:8080/a/$ID   # a remark, not an outcome",
                OptionalInt.empty(),
                List.of("{\"id\":", ",\"steps\":[", "],", "\"result\":{", "}}")),
            new ReadmeWalkthrough.Step(
                "cat signed.eml", OptionalInt.empty(), List.of("HTTP/1.1 201 Created")));
  }

  @Test
  void onlyAStepWithoutMethodOrBodyIsSafeToRunAgain() {
    List<ReadmeWalkthrough.Step> steps = ReadmeWalkthrough.steps(README, "## Walk-through");

    assertThat(steps)
        .extracting(ReadmeWalkthrough.Step::onlyReads)
        .containsExactly(true, false, true, true);
  }
}
