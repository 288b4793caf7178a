package ai.maily.mesh.trust.testing;

import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.log.JdbcLogStore;
import ai.maily.mesh.trust.log.LogSettings;
import ai.maily.mesh.trust.log.TrustLog;
import ai.maily.mesh.trust.service.TrustService;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** A trust log entity on a fresh H2 database, spawned unsharded, and a service in front of it. */
public final class RunningLog implements AutoCloseable {

  public final NoteSigner signer = NoteSigner.generate(TrustTestConfig.ORIGIN);
  public final JdbcLogStore store = TrustTestConfig.h2Store();
  public final ActorRef<TrustLog.Command> log;
  public final TrustService service;
  private final ActorTestKit testKit;

  public RunningLog(ActorTestKit testKit) {
    this.testKit = testKit;
    Executor executor =
        testKit
            .system()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("mesh.trust.dispatcher"));
    LogSettings settings =
        LogSettings.fromConfig(testKit.system().settings().config().getConfig("mesh.trust"));
    // Each log has its own persistence id in the shared in-memory journal.
    String entityId = "log-" + UUID.randomUUID();
    log = testKit.spawn(TrustLog.create(entityId, settings, signer, store, executor), entityId);
    service =
        new TrustService(
            testKit.system(),
            log,
            signer.verifier(),
            Duration.ofSeconds(5),
            Clock.systemUTC(),
            executor);
  }

  @Override
  public void close() {
    testKit.stop(log);
    store.close();
  }
}
