package ai.maily.mesh.canvas;

import ai.maily.mesh.canvas.CanvasEntity.CanvasCreated;
import ai.maily.mesh.canvas.CanvasEntity.OpsApplied;
import ai.maily.mesh.canvas.CanvasEntity.TaskAsked;
import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a canvas entity knows, folded from its events: the document, the changes of its recent
 * versions (for conflicts and retried requests), and the tasks asked from it. Immutable, as the
 * state of an entity that saves snapshots must be.
 *
 * @param seq how many events the canvas has written
 * @param document the document; null until the canvas is created
 * @param history the most recent revisions, oldest first
 * @param asks the most recent tasks asked from the canvas, oldest first
 */
public record CanvasState(
    String canvasId,
    String tenant,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    long seq,
    CanvasDocument document,
    List<Revision> history,
    List<CanvasView.Ask> asks)
    implements CborSerializable {

  static final CanvasState EMPTY =
      new CanvasState(null, null, null, null, null, 0, null, List.of(), List.of());

  public CanvasState {
    history = List.copyOf(history);
    asks = List.copyOf(asks);
  }

  boolean isCreated() {
    return document != null;
  }

  long version() {
    return document.version();
  }

  CanvasState created(CanvasCreated created) {
    return new CanvasState(
        created.canvasId(),
        created.tenant(),
        created.at(),
        created.by(),
        created.at(),
        seq + 1,
        CanvasDocument.create(created.title()),
        List.of(),
        List.of());
  }

  CanvasState applied(OpsApplied applied, CanvasSettings settings) {
    CanvasDocument next =
        document.applied(applied.ops(), applied.changes(), applied.by(), settings.undoDepth());
    Revision revision =
        new Revision(
            applied.version(), applied.changes(), applied.by(), applied.clientOpId(), applied.at());
    return new CanvasState(
        canvasId,
        tenant,
        createdAt,
        createdBy,
        applied.at(),
        seq + 1,
        next,
        appended(history, revision, settings.history()),
        asks);
  }

  CanvasState asked(TaskAsked asked, CanvasSettings settings) {
    CanvasView.Ask ask =
        new CanvasView.Ask(
            asked.taskId(),
            asked.blockId(),
            asked.agent(),
            asked.playbook(),
            asked.by(),
            asked.at());
    return new CanvasState(
        canvasId,
        tenant,
        createdAt,
        createdBy,
        updatedAt,
        seq + 1,
        document,
        history,
        appended(asks, ask, settings.asksKept()));
  }

  /**
   * The revisions after {@code baseVersion}, oldest first; empty when this canvas no longer keeps
   * them all (or never had that version), and the client must reload.
   */
  Optional<List<Revision>> since(long baseVersion) {
    if (baseVersion > version() || baseVersion < 0) {
      return Optional.empty();
    }
    List<Revision> since = history.stream().filter(r -> r.version() > baseVersion).toList();
    return since.size() == version() - baseVersion ? Optional.of(since) : Optional.empty();
  }

  /** The recent revision that {@code by}'s request {@code clientOpId} made, if there is one. */
  Optional<Revision> revisionOf(String by, String clientOpId) {
    if (clientOpId == null) {
      return Optional.empty();
    }
    return history.stream()
        .filter(r -> clientOpId.equals(r.clientOpId()) && by.equals(r.by()))
        .findFirst();
  }

  boolean hasAsked(String taskId) {
    return asks.stream().anyMatch(a -> a.taskId().equals(taskId));
  }

  CanvasView view() {
    return new CanvasView(
        canvasId,
        document.title(),
        document.version(),
        seq,
        document.blocks(),
        document.layers(),
        createdAt,
        createdBy,
        updatedAt,
        asks);
  }

  private static <T> List<T> appended(List<T> list, T item, int keep) {
    List<T> next = new ArrayList<>(list);
    next.add(item);
    return next.size() > keep ? next.subList(next.size() - keep, next.size()) : next;
  }
}
