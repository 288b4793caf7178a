package ai.maily.mesh.canvas.live;

/** What arrives from a client: a text frame, or word that one was over the size limit or binary. */
public sealed interface Incoming {

  record Text(String text) implements Incoming {}

  enum TooBig implements Incoming {
    INSTANCE
  }

  enum Binary implements Incoming {
    INSTANCE
  }
}
