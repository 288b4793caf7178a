package ai.maily.mesh.analytics.readmodel;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Which campaigns each committed round of the engagement read model changed, told to every node
 * through one cluster pub-sub {@link Topic} per tenant (ADR 0034): the projection runs as a
 * singleton on one node, the sockets that show the aggregates live on any. Delivery is at most
 * once; the read model stays the source of truth, and a subscriber reads the aggregates from it.
 *
 * <p>A node keeps the topic actor of each tenant it has published or subscribed to.
 */
public final class CampaignChanges implements Extension {

  private static final ExtensionId<CampaignChanges> ID =
      new ExtensionId<>() {
        @Override
        public CampaignChanges createExtension(ActorSystem<?> system) {
          return new CampaignChanges(system);
        }
      };

  private final ActorSystem<?> system;
  private final Map<String, ActorRef<Topic.Command<CampaignsChanged>>> topics =
      new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();

  private CampaignChanges(ActorSystem<?> system) {
    this.system = system;
  }

  public static CampaignChanges get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Tells each tenant's subscribers which of its campaigns {@code batch} changed. */
  public void publish(ProjectedBatch batch) {
    Map<String, TreeSet<String>> byTenant = new TreeMap<>();
    for (CampaignKey key : batch.campaigns()) {
      byTenant.computeIfAbsent(key.tenant(), tenant -> new TreeSet<>()).add(key.campaignId());
    }
    byTenant.forEach(
        (tenant, campaignIds) ->
            topic(tenant)
                .tell(Topic.publish(new CampaignsChanged(tenant, campaignIds, batch.offset()))));
  }

  /** {@code subscriber} hears of the changes to {@code tenant}'s campaigns from now on. */
  public void subscribe(String tenant, ActorRef<CampaignsChanged> subscriber) {
    topic(tenant).tell(Topic.subscribe(subscriber));
  }

  public void unsubscribe(String tenant, ActorRef<CampaignsChanged> subscriber) {
    topic(tenant).tell(Topic.unsubscribe(subscriber));
  }

  private ActorRef<Topic.Command<CampaignsChanged>> topic(String tenant) {
    return topics.computeIfAbsent(
        tenant,
        name ->
            system.systemActorOf(
                Topic.create(CampaignsChanged.class, "analytics-campaigns|" + name),
                // Tenant ids hold characters an actor's name may not.
                "analytics-campaigns-" + started.incrementAndGet(),
                Props.empty()));
  }
}
