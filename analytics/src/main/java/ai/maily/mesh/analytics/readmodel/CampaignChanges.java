package ai.maily.mesh.analytics.readmodel;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Which campaigns each committed round of the engagement read model changed, told to every node
 * through one cluster pub-sub {@link Topic} per tenant (ADR 0034): the projection runs as a
 * singleton on one node, the sockets that show the aggregates live on any. Delivery is at most
 * once; the read model stays the source of truth, and a subscriber reads the aggregates from it.
 *
 * <p>A node keeps, for each tenant it has published or subscribed to, the topic and one local feed
 * subscribed to it for good, which hands each notice to the node's subscribers. Sockets come and go
 * at the feed, not at the topic: a topic whose last local subscriber leaves deregisters from the
 * cluster's receptionist, and a quick leave and join again races that.
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
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final AtomicLong started = new AtomicLong();

  private CampaignChanges(ActorSystem<?> system) {
    this.system = system;
  }

  public static CampaignChanges get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * Tells each tenant's subscribers, on every node, which of its campaigns {@code batch} changed.
   */
  public void publish(ProjectedBatch batch) {
    Map<String, TreeSet<String>> byTenant = new TreeMap<>();
    for (CampaignKey key : batch.campaigns()) {
      byTenant.computeIfAbsent(key.tenant(), tenant -> new TreeSet<>()).add(key.campaignId());
    }
    byTenant.forEach(
        (tenant, campaignIds) ->
            tenant(tenant)
                .topic()
                .tell(Topic.publish(new CampaignsChanged(tenant, campaignIds, batch.offset()))));
  }

  /**
   * {@code subscriber} hears of the changes to {@code tenant}'s campaigns from now on, until it
   * unsubscribes or stops.
   */
  public void subscribe(String tenant, ActorRef<CampaignsChanged> subscriber) {
    tenant(tenant).feed().tell(new Join(subscriber));
  }

  public void unsubscribe(String tenant, ActorRef<CampaignsChanged> subscriber) {
    tenant(tenant).feed().tell(new Leave(subscriber));
  }

  private record Tenant(
      ActorRef<Topic.Command<CampaignsChanged>> topic, ActorRef<FeedCommand> feed) {}

  private Tenant tenant(String tenant) {
    return tenants.computeIfAbsent(
        tenant,
        name -> {
          // Tenant ids hold characters an actor's name may not.
          long n = started.incrementAndGet();
          ActorRef<Topic.Command<CampaignsChanged>> topic =
              system.systemActorOf(
                  Topic.create(CampaignsChanged.class, "analytics-campaigns|" + name),
                  "analytics-campaigns-" + n,
                  Props.empty());
          ActorRef<FeedCommand> feed =
              system.systemActorOf(feed(topic), "analytics-feed-" + n, Props.empty());
          return new Tenant(topic, feed);
        });
  }

  private sealed interface FeedCommand {}

  private record Join(ActorRef<CampaignsChanged> subscriber) implements FeedCommand {}

  private record Leave(ActorRef<CampaignsChanged> subscriber) implements FeedCommand {}

  private record Notice(CampaignsChanged changed) implements FeedCommand {}

  /** The node's subscribers of one tenant's topic: hands each notice to each of them. */
  private static Behavior<FeedCommand> feed(ActorRef<Topic.Command<CampaignsChanged>> topic) {
    return Behaviors.setup(
        context -> {
          topic.tell(Topic.subscribe(context.messageAdapter(CampaignsChanged.class, Notice::new)));
          Set<ActorRef<CampaignsChanged>> subscribers = new HashSet<>();
          return Behaviors.receive(FeedCommand.class)
              .onMessage(
                  Join.class,
                  join -> {
                    if (subscribers.add(join.subscriber())) {
                      context.watch(join.subscriber());
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  Leave.class,
                  leave -> {
                    if (subscribers.remove(leave.subscriber())) {
                      context.unwatch(leave.subscriber());
                    }
                    return Behaviors.same();
                  })
              .onMessage(
                  Notice.class,
                  notice -> {
                    subscribers.forEach(subscriber -> subscriber.tell(notice.changed()));
                    return Behaviors.same();
                  })
              .onSignal(
                  Terminated.class,
                  stopped -> {
                    subscribers.remove(stopped.getRef());
                    return Behaviors.same();
                  })
              .build();
        });
  }
}
