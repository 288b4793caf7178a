package ai.maily.mesh.canvas.live;

/**
 * How a stream of {@link LiveStreams#follow} fails when its reader falls more than {@code
 * mesh.live.buffer} events behind: the events are all in the journal, so the reader follows the
 * stream again from the last event it read, as a WebSocket client resubscribes after {@code
 * resync}.
 */
public final class FellBehind extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String pid;
  private final long seq;

  /**
   * @param pid the stream the reader fell behind in
   * @param seq the first event it did not get
   */
  public FellBehind(String pid, long seq) {
    super(
        "the reader fell behind at event "
            + seq
            + " of "
            + pid
            + "; follow again from the last event it read",
        null,
        false,
        false);
    this.pid = pid;
    this.seq = seq;
  }

  public String pid() {
    return pid;
  }

  /** The first event the reader did not get. */
  public long seq() {
    return seq;
  }
}
