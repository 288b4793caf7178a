package ai.maily.mesh.canvas.live;

import java.time.Instant;

/** Who is on the other end of a socket: checked at the upgrade, by the edge. */
public record Caller(String subject, String tenant, boolean mayEdit, Instant expiresAt) {}
