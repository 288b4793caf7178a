package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.budget.BudgetLedger;
import ai.maily.mesh.core.budget.BudgetView;
import ai.maily.mesh.core.budget.Budgets;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A one-member cluster that runs the tenants' budget ledgers as a node does (sharded, event-sourced
 * on the in-memory journal), for tests of calls charged to a budget. Public for the tests of agents
 * that call a language model.
 */
public final class LedgerNode implements AutoCloseable {

  private final ActorTestKit testKit;

  private LedgerNode(ActorTestKit testKit) {
    this.testKit = testKit;
  }

  /**
   * A node with these settings (HOCON, e.g. {@code mesh.ai.budget { task { tokens = 500 } }}) over
   * the tests' defaults, up and with its ledgers registered.
   */
  public static LedgerNode start(String settings) {
    ActorTestKit testKit =
        ActorTestKit.create(
            ConfigFactory.parseString(
                    settings
                        + "\npekko.actor.provider = cluster"
                        + "\npekko.remote.artery.canonical.port = 0"
                        + "\npekko.loglevel = WARNING")
                .withFallback(MeshTestConfig.create()));
    Cluster cluster = Cluster.get(testKit.system());
    TestProbe<SelfUp> up = testKit.createTestProbe(SelfUp.class);
    cluster.subscriptions().tell(Subscribe.create(up.ref(), SelfUp.class));
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    up.expectMessageClass(SelfUp.class, Duration.ofSeconds(30));
    BudgetLedger.init(testKit.system());
    return new LedgerNode(testKit);
  }

  public ActorTestKit testKit() {
    return testKit;
  }

  /** The node's way to its ledgers, as agents reach them. */
  public Budgets budgets() {
    return Budgets.get(testKit.system());
  }

  /** What {@code tenant}'s ledger says of it and of {@code taskId}. */
  public BudgetView view(String tenant, String taskId) {
    try {
      return budgets()
          .view(tenant, List.of(taskId))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the ledger did not answer", e);
    }
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
