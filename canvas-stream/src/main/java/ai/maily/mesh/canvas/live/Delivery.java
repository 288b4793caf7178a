package ai.maily.mesh.canvas.live;

/**
 * An event as a channel hands it to its subscribers: rendered as a socket's {@code event} frame at
 * most once, however many sockets it goes to. Used on the channel's thread only.
 */
final class Delivery {

  private final StreamEvent event;
  private String frame;

  Delivery(StreamEvent event) {
    this.event = event;
  }

  StreamEvent event() {
    return event;
  }

  long seq() {
    return event.seq();
  }

  String frame() {
    if (frame == null) {
      frame = Frames.event(event);
    }
    return frame;
  }
}
