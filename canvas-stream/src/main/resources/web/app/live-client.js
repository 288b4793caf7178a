/**
 * The client side of a live stream (`/ws/canvas/{id}`, `/ws/tasks/{id}`; docs/api/live-streams.md):
 * connects, subscribes, keeps the last `seq` it handed on per stream (`pid`), drops what it has
 * seen, and after a lost connection reconnects by itself with backoff and resumes where it was.
 *
 * It touches nothing global: the WebSocket class, the timers and the random source come in, so
 * the Node tests drive it with a fake socket and fake time.
 */

/** Why the client stopped for good, by the close code the server gave. */
const FINAL_CLOSES = {
  4401: 'unauthorized',
  4403: 'forbidden',
  4404: 'not-found',
};

const OPEN = 1;

/** The browser's clock and timers. */
const BROWSER_TIMERS = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (id) => clearTimeout(id),
  setInterval: (run, ms) => setInterval(run, ms),
  clearInterval: (id) => clearInterval(id),
  now: () => Date.now(),
};

export class LiveClient {
  /**
   * @param options.url the stream's ws:// or wss:// URL
   * @param options.token the JWT, sent as the subprotocol `bearer.<jwt>` (browsers cannot set
   *     headers on a WebSocket)
   * @param options.WebSocket the WebSocket class
   * @param options.timers {setTimeout, clearTimeout, setInterval, clearInterval, now}
   * @param options.random a source of numbers in [0, 1), for the backoff's jitter
   */
  constructor({
    url,
    token,
    WebSocket,
    timers = BROWSER_TIMERS,
    random = Math.random,
    initialBackoffMs = 500,
    maxBackoffMs = 8000,
    pingIntervalMs = 15000,
  }) {
    this.url = url;
    this.token = token;
    this.WebSocket = WebSocket;
    this.timers = timers;
    this.random = random;
    this.initialBackoffMs = initialBackoffMs;
    this.maxBackoffMs = maxBackoffMs;
    this.pingIntervalMs = pingIntervalMs;
    /** The last seq handed on, per pid. */
    this.positions = new Map();
    this.state = 'idle';
    this.failures = 0;
    this.listeners = new Map();
    this.socket = null;
    this.retryTimer = null;
    this.pingTimer = null;
    this.lastHeard = 0;
  }

  /**
   * Calls `listener` for `type`: `state` (the new state: connecting, live, reconnecting, stopped,
   * unauthorized, forbidden, not-found), `open` (subscribed: resend what was in flight),
   * `snapshot`, `event` (each persisted event once, in order), or any other server message type.
   */
  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
    return this;
  }

  start() {
    if (this.state === 'idle') this.connect();
    return this;
  }

  /** Closes the connection and stays closed. */
  stop() {
    this.setState('stopped');
    this.timers.clearTimeout(this.retryTimer);
    this.dropSocket();
  }

  /** Sends `message` if the connection is open; returns whether it did. */
  send(message) {
    if (!this.socket || this.socket.readyState !== OPEN || this.state !== 'live') return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** The delay before reconnection attempt `failures` (from 1): full jitter on a doubling cap. */
  backoff(failures) {
    const cap = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** (failures - 1));
    return Math.max(100, Math.round(cap * this.random()));
  }

  connect() {
    this.setState(this.failures === 0 && this.positions.size === 0 ? 'connecting' : 'reconnecting');
    const socket = new this.WebSocket(this.url, [`bearer.${this.token}`]);
    this.socket = socket;
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (message) => this.onMessage(socket, message.data);
    socket.onclose = (close) => this.onClose(socket, close.code);
    socket.onerror = () => {};
  }

  onOpen(socket) {
    if (socket !== this.socket) return;
    const subscribe = { type: 'subscribe' };
    if (this.positions.size > 0) subscribe.resume = Object.fromEntries(this.positions);
    socket.send(JSON.stringify(subscribe));
    this.lastHeard = this.timers.now();
    this.pingTimer = this.timers.setInterval(() => this.heartbeat(socket), this.pingIntervalMs);
    this.setState('live');
    this.emit('open');
  }

  /** Pings the server, and gives up on a connection that has said nothing for two intervals. */
  heartbeat(socket) {
    if (this.timers.now() - this.lastHeard > 2 * this.pingIntervalMs) {
      this.onClose(socket, 1006);
      return;
    }
    socket.send(JSON.stringify({ type: 'ping' }));
  }

  onMessage(socket, data) {
    if (socket !== this.socket) return;
    this.lastHeard = this.timers.now();
    this.failures = 0;
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    switch (message.type) {
      case 'snapshot':
        this.positions = new Map(Object.entries(message.positions ?? {}));
        this.emit('snapshot', message);
        break;
      case 'event':
        if (message.seq <= (this.positions.get(message.pid) ?? 0)) return;
        this.positions.set(message.pid, message.seq);
        this.emit('event', message);
        break;
      case 'resync':
        socket.send(JSON.stringify({ type: 'subscribe', resume: Object.fromEntries(this.positions) }));
        this.emit('resync', message);
        break;
      case 'pong':
        break;
      default:
        this.emit(message.type, message);
    }
  }

  onClose(socket, code) {
    if (socket !== this.socket) return;
    this.dropSocket();
    if (this.state === 'stopped') return;
    if (code in FINAL_CLOSES) {
      this.setState(FINAL_CLOSES[code]);
      return;
    }
    this.failures += 1;
    this.setState('reconnecting');
    this.retryTimer = this.timers.setTimeout(() => this.connect(), this.backoff(this.failures));
  }

  dropSocket() {
    this.timers.clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      // A normal closure, said explicitly: a close without a code reaches the server as 1005.
      if (socket.readyState <= OPEN) socket.close(1000);
    }
  }

  setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  emit(type, value) {
    for (const listener of this.listeners.get(type) ?? []) listener(value);
  }
}
