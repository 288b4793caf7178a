package ai.maily.mesh.core.memory;

import static ai.maily.mesh.core.memory.MemorySamples.vector;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.memory.AgentMemory.Found;
import ai.maily.mesh.core.memory.AgentMemory.Listed;
import ai.maily.mesh.core.memory.AgentMemory.MemoryAdded;
import ai.maily.mesh.core.memory.AgentMemory.MemoryReply;
import ai.maily.mesh.core.memory.AgentMemory.Refused;
import ai.maily.mesh.core.memory.AgentMemory.Remembered;
import ai.maily.mesh.core.problem.ProblemType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentMemoryTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final Set<MemoryKind> ALL = EnumSet.allOf(MemoryKind.class);
  // Two of each kind; a snapshot every three events, so restarts read one back.
  private static final MemorySettings SETTINGS =
      new MemorySettings(200, MemorySamples.settings(2).capacity(), 3, 64 * 1024, 3);

  private String tenant;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static EventSourcedBehaviorTestKit<AgentMemory.Command, AgentMemory.Event, MemoryState>
      entity(String tenant) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(),
        AgentMemory.create(AgentMemory.entityId(tenant, "brand-voice"), SETTINGS));
  }

  private static CommandResultWithReply<
          AgentMemory.Command, AgentMemory.Event, MemoryState, MemoryReply>
      remember(
          EventSourcedBehaviorTestKit<AgentMemory.Command, AgentMemory.Event, MemoryState> entity,
          String id,
          MemoryKind kind,
          String text,
          UnitVector embedding) {
    return entity.runCommand(
        replyTo ->
            new AgentMemory.Remember(new NewMemory(id, kind, text, "alice"), embedding, replyTo));
  }

  private static Found search(
      EventSourcedBehaviorTestKit<AgentMemory.Command, AgentMemory.Event, MemoryState> entity,
      UnitVector query,
      int k) {
    return (Found)
        entity
            .<MemoryReply>runCommand(replyTo -> new AgentMemory.Search(query, k, ALL, replyTo))
            .reply();
  }

  @Test
  void remembersAMemoryWithItsEmbeddingAndFindsItByMeaning() {
    var entity = entity(tenant);

    var result = remember(entity, null, MemoryKind.FACT, "  We roast in Portland.\n", vector(1, 0));

    Remembered remembered = (Remembered) result.reply();
    assertThat(remembered.created()).isTrue();
    assertThat(remembered.memory().text()).isEqualTo("We roast in Portland.");
    assertThat(remembered.memory().addedBy()).isEqualTo("alice");
    assertThat(result.event()).isEqualTo(new MemoryAdded(remembered.memory(), List.of()));
    Found found = search(entity, vector(1, 0.1f), 5);
    assertThat(found.memories())
        .singleElement()
        .satisfies(
            scored -> {
              assertThat(scored.memory()).isEqualTo(remembered.memory());
              assertThat(scored.score()).isGreaterThan(0.99);
            });
  }

  @Test
  void addingTheSameMemoryAgainWritesNothingAndAnswersTheFirst() {
    var entity = entity(tenant);
    Remembered first =
        (Remembered) remember(entity, null, MemoryKind.FACT, "Founded 2012.", vector(1, 0)).reply();

    var again = remember(entity, null, MemoryKind.FACT, "Founded  2012. ", vector(1, 0));

    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply()).isEqualTo(new Remembered(first.memory(), false, List.of()));
    assertThat(again.state().memories()).hasSize(1);
  }

  @Test
  void anIdThatHoldsAnotherMemoryIsAConflictAndChangesNothing() {
    var entity = entity(tenant);
    remember(entity, "tone", MemoryKind.PREFERENCE, "Be warm.", vector(1, 0));

    var clash = remember(entity, "tone", MemoryKind.PREFERENCE, "Be formal.", vector(0, 1));

    assertThat(clash.hasNoEvents()).isTrue();
    assertThat(((Refused) clash.reply()).rejection().type()).isEqualTo(ProblemType.CONFLICT);
    assertThat(clash.state().find("tone").orElseThrow().text()).isEqualTo("Be warm.");
  }

  @Test
  void refusesAnInvalidMemoryAndChangesNothing() {
    var entity = entity(tenant);

    var refused = remember(entity, "bad id!", MemoryKind.FACT, "x".repeat(201), vector(1, 0));

    assertThat(refused.hasNoEvents()).isTrue();
    Refused reply = (Refused) refused.reply();
    assertThat(reply.rejection().type()).isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(reply.problems()).extracting(p -> p.field()).containsExactly("id", "text");
    assertThat(refused.state().memories()).isEmpty();
  }

  @Test
  void aFullKindPushesOutItsOwnOldestAndNoOtherKind() {
    var entity = entity(tenant);
    remember(entity, "ex-1", MemoryKind.APPROVED_EXAMPLE, "First sample.", vector(1, 0));
    remember(entity, "fb-1", MemoryKind.FEEDBACK, "Too long.", vector(0, 1));
    remember(entity, "fb-2", MemoryKind.FEEDBACK, "Too formal.", vector(1, 1));

    var third = remember(entity, "fb-3", MemoryKind.FEEDBACK, "Too pushy.", vector(1, 2));

    assertThat(((Remembered) third.reply()).evicted()).containsExactly("fb-1");
    assertThat(third.state().memories())
        .extracting(Memory::id)
        .containsExactly("ex-1", "fb-2", "fb-3");
    assertThat(search(entity, vector(0, 1), 3).memories())
        .extracting(s -> s.memory().id())
        .doesNotContain("fb-1");
  }

  @Test
  void keepsItsMemoriesAcrossARestartFromEventsAndSnapshots() {
    var entity = entity(tenant);
    remember(entity, "a", MemoryKind.FACT, "Portland.", vector(1, 0));
    remember(entity, "b", MemoryKind.FACT, "Since 2012.", vector(0, 1));
    remember(entity, "c", MemoryKind.FACT, "Small batches.", vector(1, 1));
    remember(entity, "d", MemoryKind.PREFERENCE, "No 'act now'.", vector(1, -1));
    MemoryState before =
        entity.<MemoryReply>runCommand(r -> new AgentMemory.Recent(ALL, 3, r)).state();

    var restarted = entity.restart();

    assertThat(restarted.state()).isEqualTo(before);
    assertThat(restarted.state().memories()).extracting(Memory::id).containsExactly("b", "c", "d");
    assertThat(search(entity, vector(1, -1), 1).memories().get(0).memory().id()).isEqualTo("d");
  }

  @Test
  void forgetsAMemoryAndRefusesOneItDoesNotHold() {
    var entity = entity(tenant);
    remember(entity, "tone", MemoryKind.PREFERENCE, "Be warm.", vector(1, 0));

    var forgotten = entity.<MemoryReply>runCommand(r -> new AgentMemory.Forget("tone", "bob", r));
    var unknown = entity.<MemoryReply>runCommand(r -> new AgentMemory.Forget("tone", "bob", r));

    assertThat(forgotten.reply()).isEqualTo(new AgentMemory.Forgotten("tone"));
    assertThat(forgotten.state().memories()).isEmpty();
    assertThat(unknown.hasNoEvents()).isTrue();
    assertThat(((Refused) unknown.reply()).rejection().type()).isEqualTo(ProblemType.NOT_FOUND);
  }

  @Test
  void listsTheNewestMemoriesOfTheKindsAskedForWithEveryKindsCount() {
    var entity = entity(tenant);
    remember(entity, "p1", MemoryKind.PREFERENCE, "Short subjects.", vector(1, 0));
    remember(entity, "x1", MemoryKind.FACT, "Portland.", vector(0, 1));
    remember(entity, "p2", MemoryKind.PREFERENCE, "No emoji.", vector(1, 1));

    Listed listed =
        (Listed)
            entity
                .<MemoryReply>runCommand(
                    r -> new AgentMemory.Recent(Set.of(MemoryKind.PREFERENCE), 10, r))
                .reply();

    assertThat(listed.memories()).extracting(Memory::id).containsExactly("p2", "p1");
    assertThat(listed.counts())
        .containsEntry(MemoryKind.PREFERENCE, 2)
        .containsEntry(MemoryKind.FACT, 1)
        .containsEntry(MemoryKind.FEEDBACK, 0)
        .containsEntry(MemoryKind.APPROVED_EXAMPLE, 0);
  }

  @Test
  void answersAtMostMaxResults() {
    var entity = entity(tenant);
    for (int i = 0; i < 5; i++) {
      remember(
          entity,
          "m" + i,
          i % 2 == 0 ? MemoryKind.FACT : MemoryKind.PREFERENCE,
          "Memory " + i,
          vector(1, i));
    }

    assertThat(search(entity, vector(1, 0), 50).memories()).hasSize(SETTINGS.maxResults());
  }

  @Test
  void oneTenantsMemoriesAreNeverAnotherTenants() {
    var acme = entity(tenant);
    var globex = entity(tenant + "-other");
    remember(acme, "secret", MemoryKind.FACT, "Acme launches in May.", vector(1, 0));

    assertThat(search(globex, vector(1, 0), 3).memories()).isEmpty();
    var own = remember(globex, "secret", MemoryKind.FACT, "Globex launches in June.", vector(1, 0));
    assertThat(((Remembered) own.reply()).created()).isTrue();
    assertThat(search(acme, vector(1, 0), 3).memories())
        .extracting(s -> s.memory().text())
        .containsExactly("Acme launches in May.");
  }
}
