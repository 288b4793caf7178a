package ai.maily.mesh.node;

import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Outgoing;
import ai.maily.mesh.analytics.bus.relay.JournalRelay;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskIds;
import ai.maily.mesh.core.task.TaskStatus;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.MalformedCertificateException;
import ai.maily.mesh.trust.log.TrustLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.typed.PersistenceId;

/**
 * The mesh's domain events on the bus, read from the journal by the relay (ADR 0032): {@code
 * task.completed} for each task that finished (completed, degraded or failed; a cancelled task does
 * not finish), {@code certificate.issued} for each certificate the trust log appended. Their
 * message ids ({@code task.completed:<pid>:<seq>}, {@code certificate.issued:<certificateId>}) stay
 * the same when the relay publishes them again, so consumers drop repeats by message id.
 */
final class DomainEvents {

  private DomainEvents() {}

  /** The kinds of journal rows relayed, published on {@code exchange}. */
  static List<JournalRelay.Kind> kinds(ActorSystem<?> system, String exchange) {
    TaskCoordinator.TaskFinished finished =
        new TaskCoordinator.TaskFinished(TaskStatus.COMPLETED, List.of(), Instant.EPOCH);
    TrustLog.BatchAppended appended = new TrustLog.BatchAppended(0, List.of(), List.of(), "");
    return List.of(
        new JournalRelay.Kind(
            PersistenceId.of(TaskCoordinator.ENTITY_KEY.name(), "").id(),
            JournalRelay.manifestOf(system, finished),
            row -> List.of(taskCompleted(exchange, row))),
        new JournalRelay.Kind(
            PersistenceId.of(TrustLog.ENTITY_KEY.name(), "").id(),
            JournalRelay.manifestOf(system, appended),
            row -> certificatesIssued(exchange, row)));
  }

  private static Outgoing taskCompleted(String exchange, JournalRelay.Row row) {
    TaskCoordinator.TaskFinished finished = (TaskCoordinator.TaskFinished) row.event();
    String entityId = PersistenceId.extractEntityId(row.persistenceId());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("taskId", TaskIds.taskIdOf(entityId));
    body.put("tenant", TaskIds.tenantOf(entityId));
    body.put("status", finished.status());
    body.put("reasons", finished.reasons());
    body.put("finishedAt", finished.at());
    return Outgoing.of(
        exchange,
        BusTopology.TASK_COMPLETED,
        BusTopology.TASK_COMPLETED + ":" + row.persistenceId() + ":" + row.sequenceNr(),
        Json.bytes(body));
  }

  private static List<Outgoing> certificatesIssued(String exchange, JournalRelay.Row row) {
    TrustLog.BatchAppended batch = (TrustLog.BatchAppended) row.event();
    List<Outgoing> issued = new ArrayList<>();
    for (int i = 0; i < batch.entries().size(); i++) {
      LogEntry entry;
      try {
        entry = LogEntry.decode(batch.entries().get(i));
      } catch (MalformedCertificateException e) {
        throw new IllegalStateException(
            "the trust log's entry " + (batch.firstIndex() + i) + " is malformed: " + e, e);
      }
      if (entry instanceof LogEntry.Issuance issuance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certificateId", issuance.certificateId());
        body.put("tenant", issuance.issuer());
        body.put(
            "subject",
            Map.of("type", issuance.subject().type().code(), "id", issuance.subject().id()));
        body.put("contentHash", issuance.contentHash().base64());
        body.put("leafIndex", batch.firstIndex() + i);
        body.put("issuedAt", issuance.issuedAt());
        issued.add(
            Outgoing.of(
                exchange,
                BusTopology.CERTIFICATE_ISSUED,
                BusTopology.CERTIFICATE_ISSUED + ":" + issuance.certificateId(),
                Json.bytes(body)));
      }
    }
    return issued;
  }
}
