package ai.maily.mesh.analytics.store;

import ai.maily.mesh.analytics.event.EngagementEvent;
import java.time.Instant;

/**
 * An engagement event as the store holds it.
 *
 * @param offset its position in the store: 1 for the first event, one more for each next one, in
 *     the order their writes committed
 * @param event the event
 * @param storedAt when its write committed, by the writing node's clock
 */
public record StoredEvent(long offset, EngagementEvent event, Instant storedAt) {}
