import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveClient } from '../../main/resources/web/app/live-client.js';

/** Time that moves only when the test says, with the timers that run on it. */
class FakeTime {
  constructor() {
    this.time = 0;
    this.timers = new Map();
    this.nextId = 1;
  }
  now() {
    return this.time;
  }
  setTimeout(run, ms) {
    const id = this.nextId++;
    this.timers.set(id, { run, at: this.time + ms });
    return id;
  }
  setInterval(run, ms) {
    const id = this.nextId++;
    this.timers.set(id, { run, at: this.time + ms, every: ms });
    return id;
  }
  clearTimeout(id) {
    this.timers.delete(id);
  }
  clearInterval(id) {
    this.timers.delete(id);
  }
  advance(ms) {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      const [id, timer] = due;
      this.time = timer.at;
      if (timer.every) timer.at += timer.every;
      else this.timers.delete(id);
      timer.run();
    }
    this.time = end;
  }
}

/** Stands in for the browser's WebSocket: records what is sent, and lets the test play the server. */
function fakeSockets() {
  const sockets = [];
  class FakeSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }
    send(text) {
      this.sent.push(JSON.parse(text));
    }
    close() {
      this.readyState = 3;
    }
    open() {
      this.readyState = 1;
      this.onopen?.();
    }
    receive(message) {
      this.onmessage?.({ data: JSON.stringify(message) });
    }
    drop(code = 1006) {
      this.readyState = 3;
      this.onclose?.({ code });
    }
  }
  return { sockets, FakeSocket };
}

function client(overrides = {}) {
  const time = new FakeTime();
  const { sockets, FakeSocket } = fakeSockets();
  const live = new LiveClient({
    url: 'ws://host/ws/canvas/c1',
    token: 'jwt',
    WebSocket: FakeSocket,
    timers: time,
    random: () => 1,
    ...overrides,
  });
  const seen = { events: [], states: [], messages: [] };
  live.on('event', (event) => seen.events.push(`${event.pid}#${event.seq}`));
  live.on('state', (state) => seen.states.push(state));
  live.on('error', (message) => seen.messages.push(message));
  return { live, time, sockets, seen };
}

function event(pid, seq) {
  return { type: 'event', pid, seq, event: { type: 'OpsApplied', at: 't', data: {} } };
}

test('authenticates with the bearer subprotocol and subscribes from the start', () => {
  const { live, sockets, seen } = client();

  live.start();
  sockets[0].open();

  assert.deepEqual(sockets[0].protocols, ['bearer.jwt']);
  assert.deepEqual(sockets[0].sent, [{ type: 'subscribe' }]);
  assert.deepEqual(seen.states, ['connecting', 'live']);
});

test('hands on each event once and drops what it has seen', () => {
  const { live, sockets, seen } = client();
  live.start();
  sockets[0].open();

  sockets[0].receive({ type: 'snapshot', canvas: {}, positions: { 'Canvas|t:c1': 4 } });
  for (const seq of [4, 5, 5, 6]) sockets[0].receive(event('Canvas|t:c1', seq));
  sockets[0].receive(event('Task|t:k1', 1));
  sockets[0].receive(event('Task|t:k1', 1));

  assert.deepEqual(seen.events, ['Canvas|t:c1#5', 'Canvas|t:c1#6', 'Task|t:k1#1']);
});

test('reconnects after a lost connection and resumes after the last event of each stream', () => {
  const { live, time, sockets, seen } = client();
  let opened = 0;
  live.on('open', () => opened++);
  live.start();
  sockets[0].open();
  sockets[0].receive({ type: 'snapshot', canvas: {}, positions: { 'Canvas|t:c1': 2 } });
  sockets[0].receive(event('Canvas|t:c1', 3));
  sockets[0].receive(event('Task|t:k1', 7));

  sockets[0].drop();
  assert.equal(live.state, 'reconnecting');
  time.advance(500);
  sockets[1].open();
  sockets[1].receive(event('Canvas|t:c1', 3));
  sockets[1].receive(event('Canvas|t:c1', 4));

  assert.deepEqual(sockets[1].sent, [
    { type: 'subscribe', resume: { 'Canvas|t:c1': 3, 'Task|t:k1': 7 } },
  ]);
  assert.deepEqual(seen.events, ['Canvas|t:c1#3', 'Task|t:k1#7', 'Canvas|t:c1#4']);
  assert.equal(opened, 2);
  assert.deepEqual(seen.states, ['connecting', 'live', 'reconnecting', 'live']);
});

test('backs off exponentially with full jitter up to a cap, and starts over once connected', () => {
  const { live, time, sockets } = client({ initialBackoffMs: 500, maxBackoffMs: 4000 });
  live.start();

  const delays = [];
  for (let failure = 1; failure <= 5; failure++) {
    sockets.at(-1).drop();
    const before = sockets.length;
    let waited = 0;
    while (sockets.length === before) {
      time.advance(100);
      waited += 100;
    }
    delays.push(waited);
  }
  sockets.at(-1).open();
  sockets.at(-1).receive({ type: 'pong' });

  assert.deepEqual(delays, [500, 1000, 2000, 4000, 4000]);
  assert.equal(live.failures, 0);
  assert.equal(live.backoff(1), 500);
});

test('jitter spreads the delay over the whole window', () => {
  const { live } = client({ random: () => 0.5, initialBackoffMs: 1000 });

  assert.equal(live.backoff(3), 2000);
});

test('resubscribes from its positions when the server asks for a resync', () => {
  const { live, sockets } = client();
  live.start();
  sockets[0].open();
  sockets[0].receive({ type: 'snapshot', canvas: {}, positions: { 'Canvas|t:c1': 9 } });

  sockets[0].receive({ type: 'resync', reason: 'slow consumer' });

  assert.deepEqual(sockets[0].sent.at(-1), { type: 'subscribe', resume: { 'Canvas|t:c1': 9 } });
});

test('stops for good when the token expires or the canvas is gone', () => {
  for (const [code, state] of [
    [4401, 'unauthorized'],
    [4403, 'forbidden'],
    [4404, 'not-found'],
  ]) {
    const { live, time, sockets } = client();
    live.start();
    sockets[0].open();

    sockets[0].drop(code);
    time.advance(60_000);

    assert.equal(live.state, state);
    assert.equal(sockets.length, 1);
  }
});

test('pings while open and reconnects when the server has gone silent', () => {
  const { live, time, sockets } = client({ pingIntervalMs: 1000 });
  live.start();
  sockets[0].open();

  time.advance(1000);
  assert.deepEqual(sockets[0].sent.at(-1), { type: 'ping' });
  sockets[0].receive({ type: 'pong' });
  time.advance(3000);

  assert.equal(sockets[0].readyState, 3);
  assert.equal(live.state, 'reconnecting');
});

test('sends only while live, and hands on other messages by type', () => {
  const { live, sockets, seen } = client();
  live.start();

  assert.equal(live.send({ type: 'cursor', x: 1, y: 2 }), false);
  sockets[0].open();
  assert.equal(live.send({ type: 'cursor', x: 1, y: 2 }), true);
  sockets[0].receive({ type: 'error', code: 'invalid-request', message: 'bad' });
  sockets[0].receive('not json');

  assert.deepEqual(sockets[0].sent.at(-1), { type: 'cursor', x: 1, y: 2 });
  assert.equal(seen.messages[0].code, 'invalid-request');
});

test('stop closes the socket and never reconnects', () => {
  const { live, time, sockets } = client();
  live.start();
  sockets[0].open();

  live.stop();
  time.advance(60_000);

  assert.equal(sockets[0].readyState, 3);
  assert.equal(sockets.length, 1);
  assert.equal(live.state, 'stopped');
});
