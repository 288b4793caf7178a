package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.store.EngagementStore;

/**
 * A projection of the {@link EngagementStore} with its own offset row, that {@link
 * ProjectionRunner} keeps up to date one batch transaction at a time (ADR 0035).
 */
public interface Projection {

  /**
   * Applies up to {@code limit} events that follow the projection's offset and moves the offset
   * past them, in one transaction.
   *
   * @throws IllegalStateException when the database fails; nothing was applied
   */
  ProjectedBatch project(EngagementStore store, int limit);
}
