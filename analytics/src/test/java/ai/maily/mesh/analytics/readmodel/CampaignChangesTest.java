package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What a committed projection round tells the subscribers of each tenant's campaigns. */
class CampaignChangesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void tellsEachTenantsSubscribersOnlyTheirOwnChangedCampaigns() {
    CampaignChanges changes = CampaignChanges.get(testKit.system());
    TestProbe<CampaignsChanged> acme = testKit.createTestProbe();
    TestProbe<CampaignsChanged> globex = testKit.createTestProbe();
    changes.subscribe("acme", acme.ref());
    changes.subscribe("globex", globex.ref());

    ProjectedBatch batch =
        new ProjectedBatch(
            5,
            42,
            Set.of(
                new CampaignKey("acme", "spring"),
                new CampaignKey("acme", "summer"),
                new CampaignKey("globex", "spring")));
    // A subscription takes effect asynchronously: publish until the first notice arrives.
    CampaignsChanged heard =
        acme.awaitAssert(
            () -> {
              changes.publish(batch);
              return acme.receiveMessage(Duration.ofMillis(200));
            });

    assertThat(heard).isEqualTo(new CampaignsChanged("acme", Set.of("spring", "summer"), 42));
    CampaignsChanged theirs = globex.receiveMessage();
    assertThat(theirs.tenant()).isEqualTo("globex");
    assertThat(theirs.campaignIds()).containsExactly("spring");
  }
}
