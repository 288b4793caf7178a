package ai.maily.mesh.analytics.bus.amqp;

import java.util.concurrent.atomic.AtomicReference;

/** Whether the node reaches its broker, as its connections last found: for the bus's status. */
final class ConnectionState {

  private record State(boolean connected, String lastError) {}

  private final AtomicReference<State> state = new AtomicReference<>(new State(false, null));

  void up() {
    state.updateAndGet(current -> new State(true, current.lastError()));
  }

  void down(Throwable cause) {
    String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    state.set(new State(false, reason));
  }

  boolean connected() {
    return state.get().connected();
  }

  String lastError() {
    return state.get().lastError();
  }
}
