package ai.maily.mesh.canvas;

import java.time.Instant;

/**
 * What one version of a canvas changed: the changes of its {@link CanvasEntity.OpsApplied}. A
 * conflict lists the revisions since the client's base version.
 *
 * @param clientOpId the id the author's client gave the request; null when it gave none
 */
public record Revision(
    long version, CanvasChanges changes, String by, String clientOpId, Instant at) {}
