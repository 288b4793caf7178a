package ai.maily.mesh.canvas.live;

import java.util.List;

/**
 * Where a {@link Channel} hands on a stream: a socket's session or an API's event stream. Called on
 * the channel's thread, so each method only queues what it is given.
 */
interface Subscriber {

  /**
   * Takes the next event of the stream, in order; false when there is no room for it, in which case
   * the channel lets the subscriber go and tells it with {@link #fellBehind}.
   */
  boolean event(Delivery delivery);

  /** How many more events the subscriber can take now: a catch-up goes at its pace. */
  int room();

  /** The subscriber missed the event at {@code seq} of {@code pid} and gets no more of it. */
  void fellBehind(String pid, long seq);

  /** The stream of {@code pid} has ended: its entity will write nothing more. */
  void ended(String pid);

  /** A cursor, draft or layer frame published on the stream by {@code from}. */
  default void ephemeral(String from, String conflationKey, String frame) {}

  /** Who is on the canvas, when that changes. */
  default void presence(List<Presence.Member> everyone) {}
}
