package ai.maily.mesh.canvas.live;

/** The close codes of the live streams (docs/api/live-streams.md). */
public final class CloseCodes {

  /** A frame larger than the limit (RFC 6455). */
  public static final int TOO_BIG = 1009;

  /** The token expired while the socket was open. */
  public static final int UNAUTHORIZED = 4401;

  /** A viewer tried to change something. */
  public static final int FORBIDDEN = 4403;

  /** No such canvas or task for this tenant. */
  public static final int NOT_FOUND = 4404;

  /** The client sent nothing for the idle timeout. */
  public static final int IDLE = 4408;

  private CloseCodes() {}
}
