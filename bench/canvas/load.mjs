// Load generator of the canvas benchmark (docs/benchmarks/canvas.md). Against a node or the peer
// baseline (baseline.mjs), unchanged:
//
// 1. creates --canvases canvases over REST, each with one text block "bench";
// 2. opens --clients WebSockets per canvas (/ws/canvas/{id}?token=…), --ramp new ones a second,
//    each sending `subscribe` and taking its snapshot's position;
// 3. for --duration seconds, client 0 of each canvas (its writer) sends --rate `op` frames a second
//    that set the block's text to the time the op was due (a conflict is rebased and sent again;
//    an op due while the previous one is unanswered waits for the answer, keeping its due time);
//    every client checks that each event's seq follows the last one it saw, and takes the event's
//    latency as now minus the due time written in it: both ends run in this process, on one clock;
// 4. waits up to --drain seconds for the last deliveries, closes every socket, prints the result
//    (and writes it as JSON to --json) and exits 1 on any loss, duplicate, reordering or error.
//
// The load is bounded: --canvases × --clients sockets, --duration seconds of ops, a hard deadline
// over the whole run. It talks only to --http, which must be a loopback address. The token comes
// from --token or the environment's MESH_TOKEN (which keeps it out of the command line).
//
// With --stream tasks it opens the sockets on /ws/tasks/{id} of tasks parked on an approval and
// holds them without ops: a check of connection handling and heap per connection.

import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { Latencies, Timeline } from './latencies.mjs';
import {
  coreBusy,
  coreTimes,
  loadAverage,
  probeHeap,
  processCpuSeconds,
  residentBytes,
} from './machine.mjs';

const { values: opt } = parseArgs({
  options: {
    http: { type: 'string', default: 'http://127.0.0.1:8080' },
    token: { type: 'string', default: process.env.MESH_TOKEN ?? 'none' },
    label: { type: 'string', default: 'server' },
    stream: { type: 'string', default: 'canvas' },
    canvases: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '10' },
    rate: { type: 'string', default: '2' },
    duration: { type: 'string', default: '60' },
    ramp: { type: 'string', default: '500' },
    drain: { type: 'string', default: '15' },
    'ping-interval': { type: 'string', default: '20' },
    'server-pid': { type: 'string' },
    'heap-probe': { type: 'string' },
    json: { type: 'string' },
  },
});

const HTTP = new URL(opt.http);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(HTTP.hostname) && !HTTP.hostname.startsWith('127.')) {
  throw new Error(`--http must be a loopback address, not ${HTTP.hostname}`);
}
const WS_BASE = `ws://${HTTP.host}`;
const STREAM = opt.stream;
const CANVASES = Number(opt.canvases);
const CLIENTS = Number(opt.clients);
const RATE = Number(opt.rate);
const DURATION_MS = Number(opt.duration) * 1000;
const RAMP = Number(opt.ramp);
const DRAIN_MS = Number(opt.drain) * 1000;
const PING_MS = Number(opt['ping-interval']) * 1000;
const SERVER_PID = opt['server-pid'] ? Number(opt['server-pid']) : null;
const SOCKETS = CANVASES * CLIENTS;
const SETUP_CONCURRENCY = 16;
const MAX_HANDSHAKES = 256;
const CONNECT_ATTEMPTS = 5;
const ACK_TIMEOUT_MS = 10_000;
const STAMP = 't';

/** Every failure is counted under a name and shown with its first examples. */
const errors = new Map();
function fail(kind, detail) {
  const entry = errors.get(kind) ?? { count: 0, examples: [] };
  entry.count += 1;
  if (entry.examples.length < 3) {
    entry.examples.push(String(detail).slice(0, 300));
  }
  errors.set(kind, entry);
}

const counts = {
  connectAttempts: 0,
  connectRetries: 0,
  subscribed: 0,
  opsSent: 0,
  opsAcked: 0,
  conflicts: 0,
  opsDeferred: 0,
  opsDroppedAtEnd: 0,
  deliveries: 0,
  deliveriesInWindow: 0,
  otherEvents: 0,
  pongs: 0,
  otherFrames: {},
};

const latencies = new Latencies();
let timeline = null;
let measuring = false;
let closing = false;

// ---------------------------------------------------------------- REST

async function rest(method, path, body) {
  const response = await fetch(new URL(path, HTTP), {
    method,
    headers: { Authorization: `Bearer ${opt.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return JSON.parse(text);
}

/** A canvas with the "bench" block its writer rewrites. */
async function createCanvas(index) {
  const created = await rest('POST', '/api/v1/canvases', { title: `bench ${index}` });
  const applied = await rest('POST', `/api/v1/canvases/${created.canvasId}/ops`, {
    baseVersion: created.version,
    ops: [
      {
        op: 'addBlock',
        block: { id: 'bench', type: 'text', x: 0, y: 0, w: 300, h: 20, content: { text: 'bench' } },
      },
    ],
  });
  return { id: created.canvasId, version: applied.version };
}

/** A task parked on an approval: a stream that stays open without events. */
async function createTask(index) {
  const submitted = await rest('POST', '/api/v1/tasks', {
    idempotencyKey: `bench-${index}-${Date.now()}`,
    plan: {
      steps: [
        { id: 'check', agent: 'compliance' },
        { id: 'approve', kind: 'approval', dependsOn: ['check'] },
      ],
    },
    input: { email: { from: 'news@acme.com', subject: 'Hello' } },
  });
  return { id: submitted.taskId, version: 0 };
}

async function createTargets() {
  const create = STREAM === 'tasks' ? createTask : createCanvas;
  const targets = new Array(CANVASES);
  let next = 0;
  async function worker() {
    while (next < CANVASES) {
      const index = next++;
      targets[index] = { index, ...(await create(index)), sockets: [], writer: null, applied: 0 };
    }
  }
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  return targets;
}

// ---------------------------------------------------------------- clients

/** One socket of one canvas: its position in the canvas's stream, and what it received. */
class Client {
  constructor(target, slot) {
    this.target = target;
    this.slot = slot;
    this.ws = null;
    this.pid = null;
    this.start = null;
    this.last = null;
    this.deliveries = 0;
    this.attempts = 0;
  }

  connect(onSettled) {
    this.attempts += 1;
    counts.connectAttempts += 1;
    const path = STREAM === 'tasks' ? 'tasks' : 'canvas';
    const url = `${WS_BASE}/ws/${path}/${this.target.id}?token=${encodeURIComponent(opt.token)}`;
    const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 30_000 });
    this.ws = ws;
    let opened = false;
    let refusal = null;
    ws.on('open', () => {
      opened = true;
      onSettled(true);
      ws.send('{"type":"subscribe"}');
    });
    ws.on('message', (data) => this.onFrame(data));
    ws.on('error', (error) => {
      if (opened) {
        fail('socket error', error.message);
      } else {
        refusal ??= error.message;
      }
    });
    ws.on('unexpected-response', (request, response) => {
      refusal = `upgrade answered ${response.statusCode}`;
      request.destroy();
    });
    ws.on('close', (code, reason) => {
      if (!opened) {
        onSettled(false, refusal ?? `closed before open: ${code} ${reason}`);
      } else if (!closing) {
        fail('closed by the server', `${this.target.id}#${this.slot}: ${code} ${reason}`);
      }
    });
  }

  onFrame(data) {
    let frame;
    try {
      frame = JSON.parse(data.toString('utf8'));
    } catch (error) {
      fail('frame not JSON', error.message);
      return;
    }
    switch (frame.type) {
      case 'event':
        this.onEvent(frame);
        break;
      case 'snapshot':
        this.onSnapshot(frame);
        break;
      case 'ack':
        this.target.writer?.onAck(frame);
        break;
      case 'error':
        if (frame.code === 'conflict' && this.target.writer === this) {
          this.onConflict(frame);
        } else {
          fail(`error ${frame.code}`, JSON.stringify(frame));
        }
        break;
      case 'resync':
        fail('resync', `${this.target.id}#${this.slot}: ${frame.reason}`);
        break;
      case 'pong':
        counts.pongs += 1;
        break;
      default:
        counts.otherFrames[frame.type] = (counts.otherFrames[frame.type] ?? 0) + 1;
    }
  }

  onSnapshot(frame) {
    const prefix = STREAM === 'tasks' ? 'Task|' : 'Canvas|';
    const pid = Object.keys(frame.positions ?? {}).find((p) => p.startsWith(prefix));
    if (pid === undefined || this.pid !== null) {
      fail('bad snapshot', JSON.stringify(frame).slice(0, 300));
      return;
    }
    this.pid = pid;
    this.start = frame.positions[pid];
    this.last = this.start;
    const version = frame.canvas?.version;
    if (this.target.writer === this && typeof version === 'number') {
      this.version = Math.max(this.version, version);
    }
    counts.subscribed += 1;
  }

  onEvent(frame) {
    if (frame.pid !== this.pid) {
      counts.otherEvents += 1;
      return;
    }
    if (frame.seq !== this.last + 1) {
      const kind = frame.seq <= this.last ? 'duplicate or reordered event' : 'lost events';
      fail(kind, `${this.pid} client ${this.slot}: seq ${frame.seq} after ${this.last}`);
    }
    this.last = Math.max(this.last, frame.seq);
    const event = frame.event ?? {};
    if (event.type !== 'OpsApplied') {
      counts.otherEvents += 1;
      return;
    }
    if (this.target.writer === this && typeof event.data?.version === 'number') {
      this.version = Math.max(this.version, event.data.version);
    }
    const text = event.data?.ops?.[0]?.content?.text;
    if (typeof text !== 'string' || !text.startsWith(STAMP)) {
      fail('event without a stamp', JSON.stringify(frame).slice(0, 300));
      return;
    }
    const now = performance.now();
    const ms = now - Number(text.slice(STAMP.length));
    this.deliveries += 1;
    counts.deliveries += 1;
    latencies.add(ms);
    if (measuring) {
      counts.deliveriesInWindow += 1;
    }
    timeline.add(now, ms);
  }

  send(frame) {
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
    }
  }
}

/** Client 0 of a canvas: sends its ops on time, one at a time, with the version it last saw. */
class Writer extends Client {
  constructor(target) {
    super(target, 0);
    this.version = target.version;
    this.sent = 0;
    this.inFlight = null;
    this.waiting = [];
    this.timer = null;
  }

  /** Sends an op due every 1/rate s from `first` until `end` (performance.now() times). */
  run(first, end) {
    const period = 1000 / RATE;
    let due = first;
    const tick = () => {
      if (due >= end) {
        return;
      }
      this.due(due);
      due += period;
      this.timer = setTimeout(tick, Math.max(0, due - performance.now()));
    };
    this.timer = setTimeout(tick, Math.max(0, due - performance.now()));
  }

  stop() {
    clearTimeout(this.timer);
    counts.opsDroppedAtEnd += this.waiting.length;
    this.waiting = [];
  }

  due(at) {
    if (this.inFlight !== null) {
      counts.opsDeferred += 1;
      this.waiting.push(at);
      return;
    }
    this.sendOp(at);
  }

  sendOp(at) {
    this.sent += 1;
    const id = `${this.target.index}-${this.sent}`;
    this.inFlight = { id, at, sentAt: performance.now() };
    counts.opsSent += 1;
    this.send({
      type: 'op',
      id,
      baseVersion: this.version,
      ops: [{ op: 'updateBlock', blockId: 'bench', content: { text: `${STAMP}${at.toFixed(3)}` } }],
    });
  }

  onAck(frame) {
    if (this.inFlight === null || frame.id !== this.inFlight.id) {
      fail('unexpected ack', JSON.stringify(frame));
      return;
    }
    counts.opsAcked += 1;
    this.target.applied += 1;
    this.version = Math.max(this.version, frame.version);
    this.inFlight = null;
    const next = this.waiting.shift();
    if (next !== undefined) {
      this.sendOp(next);
    }
  }

  onConflict(frame) {
    if (this.inFlight === null || frame.id !== this.inFlight.id) {
      fail('unexpected conflict', JSON.stringify(frame));
      return;
    }
    counts.conflicts += 1;
    this.version = frame.version;
    this.sendOp(this.inFlight.at);
  }
}

/** Opens every socket, `RAMP` a second with at most MAX_HANDSHAKES at once; retries refusals. */
function connectAll(clients) {
  return new Promise((resolve) => {
    const queue = [...clients];
    let pending = 0;
    let settled = 0;
    const started = performance.now();
    let opened = 0;
    const pump = setInterval(() => {
      const allowed = Math.floor(((performance.now() - started) / 1000) * RAMP) - opened;
      for (let i = 0; i < allowed && queue.length > 0 && pending < MAX_HANDSHAKES; i++) {
        const client = queue.shift();
        opened += 1;
        pending += 1;
        client.connect((ok, why) => {
          pending -= 1;
          if (ok) {
            settled += 1;
          } else if (client.attempts < CONNECT_ATTEMPTS) {
            counts.connectRetries += 1;
            setTimeout(() => queue.push(client), 1000);
          } else {
            fail('not connected', why);
            settled += 1;
          }
          if (settled === clients.length) {
            clearInterval(pump);
            resolve();
          }
        });
      }
    }, 10);
  });
}

/** Resolves when `done()` holds, checking every 50 ms, or after `ms`. */
function until(done, ms) {
  return new Promise((resolve) => {
    const deadline = performance.now() + ms;
    const check = setInterval(() => {
      if (done() || performance.now() > deadline) {
        clearInterval(check);
        resolve(done());
      }
    }, 50);
  });
}

/** Each client sends `ping` every PING_MS, spread evenly, so the server never idles it out. */
function keepAlive(clients) {
  const slices = Math.max(1, Math.floor(PING_MS / 100));
  let slice = 0;
  return setInterval(() => {
    for (let i = slice; i < clients.length; i += slices) {
      clients[i].send({ type: 'ping' });
    }
    slice = (slice + 1) % slices;
  }, 100);
}

function heap(phase) {
  try {
    return probeHeap(opt['heap-probe'], phase);
  } catch (error) {
    fail('heap probe', error.message);
    return null;
  }
}

// ---------------------------------------------------------------- the run

async function main() {
  const deadline = setTimeout(
    () => {
      console.error('the run passed its hard deadline; stopping');
      process.exit(3);
    },
    600_000 + (SOCKETS / RAMP) * 3000 + DURATION_MS + DRAIN_MS,
  );
  deadline.unref();
  const result = {
    label: opt.label,
    stream: STREAM,
    http: opt.http,
    canvases: CANVASES,
    clientsPerCanvas: CLIENTS,
    ratePerCanvas: RATE,
    durationSeconds: DURATION_MS / 1000,
    loadBefore: loadAverage(),
  };

  let phase = performance.now();
  const targets = await createTargets();
  result.setupSeconds = (performance.now() - phase) / 1000;
  console.log(`created ${targets.length} ${STREAM === 'tasks' ? 'tasks' : 'canvases'} in ${result.setupSeconds.toFixed(1)} s`);

  result.heapIdle = heap('idle');
  result.rssIdle = residentBytes(SERVER_PID);

  const clients = [];
  for (let slot = 0; slot < CLIENTS; slot++) {
    for (const target of targets) {
      const client = slot === 0 && STREAM === 'canvas' ? (target.writer = new Writer(target)) : new Client(target, slot);
      target.sockets.push(client);
      clients.push(client);
    }
  }
  const pinger = keepAlive(clients);
  phase = performance.now();
  const serverCpuRamp = processCpuSeconds(SERVER_PID);
  await connectAll(clients);
  const allSubscribed = await until(() => counts.subscribed === SOCKETS, 30_000);
  result.rampSeconds = (performance.now() - phase) / 1000;
  result.serverCpuRampSeconds = SERVER_PID ? processCpuSeconds(SERVER_PID) - serverCpuRamp : null;
  result.connected = clients.filter((c) => c.ws?.readyState === WebSocket.OPEN).length;
  result.subscribed = counts.subscribed;
  console.log(
    `connected ${result.connected}, subscribed ${result.subscribed} of ${SOCKETS} in ${result.rampSeconds.toFixed(1)} s`,
  );
  if (!allSubscribed) {
    fail('not subscribed', `${SOCKETS - counts.subscribed} sockets have no snapshot after the ramp`);
  }

  result.heapConnected = heap('connected');
  result.rssConnected = residentBytes(SERVER_PID);
  if (result.heapIdle !== null && result.heapConnected !== null && result.subscribed > 0) {
    result.heapPerConnection = (result.heapConnected - result.heapIdle) / result.subscribed;
  }
  if (result.rssIdle !== null && result.subscribed > 0) {
    result.rssPerConnection = (result.rssConnected - result.rssIdle) / result.subscribed;
  }

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const cores = coreTimes();
  const serverCpu = processCpuSeconds(SERVER_PID);
  const ownCpu = process.cpuUsage();
  const start = performance.now();
  timeline = new Timeline(start);
  measuring = true;
  loopDelay.enable();
  const writers = targets.map((t) => t.writer).filter((w) => w);
  writers.forEach((writer, i) => writer.run(start + (i / writers.length) * (1000 / RATE), start + DURATION_MS));
  await until(() => false, DURATION_MS);
  measuring = false;
  const windowSeconds = (performance.now() - start) / 1000;
  writers.forEach((writer) => writer.stop());
  loopDelay.disable();
  const own = process.cpuUsage(ownCpu);
  result.windowSeconds = windowSeconds;
  result.serverCores = SERVER_PID ? (processCpuSeconds(SERVER_PID) - serverCpu) / windowSeconds : null;
  result.generatorCores = (own.user + own.system) / 1e6 / windowSeconds;
  result.coreBusy = coreBusy(cores, coreTimes());
  result.generatorLoopDelayMs = {
    p50: loopDelay.percentile(50) / 1e6,
    p99: loopDelay.percentile(99) / 1e6,
    max: loopDelay.max / 1e6,
  };

  const drained = () =>
    writers.every((w) => w.inFlight === null) &&
    targets.every((t) => t.sockets.every((c) => c.pid === null || c.deliveries === t.applied));
  await until(drained, DRAIN_MS);
  for (const writer of writers) {
    if (writer.inFlight !== null) {
      fail('op without an answer', `${writer.target.id}: ${writer.inFlight.id}`);
    }
  }
  clearInterval(pinger);

  let expected = 0;
  for (const target of targets) {
    for (const client of target.sockets) {
      if (client.pid === null) {
        continue;
      }
      expected += target.applied;
      if (client.deliveries !== target.applied) {
        fail('lost events', `${client.pid} client ${client.slot}: ${client.deliveries} of ${target.applied}`);
      }
    }
  }
  result.counts = counts;
  result.deliveriesExpected = expected;
  result.deliveriesPerSecond = counts.deliveriesInWindow / windowSeconds;
  result.latencyMs = latencies.summary();
  result.timeline = timeline.buckets(5);
  result.loadAfter = loadAverage();
  result.errors = Object.fromEntries(errors);

  closing = true;
  for (const client of clients) {
    client.ws?.close(1000);
  }
  await until(() => clients.every((c) => !c.ws || c.ws.readyState === WebSocket.CLOSED), 10_000);
  for (const client of clients) {
    client.ws?.terminate();
  }

  report(result);
  if (opt.json) {
    writeFileSync(opt.json, `${JSON.stringify(result, null, 2)}\n`);
  }
  return errors.size === 0 && result.subscribed === SOCKETS ? 0 : 1;
}

function report(r) {
  const ms = (v) => (v === null ? '-' : v.toFixed(1));
  const kib = (v) => (v === null || v === undefined ? '-' : (v / 1024).toFixed(1));
  const lines = [
    `${r.label}: ${r.canvases} ${r.stream === 'tasks' ? 'tasks' : 'canvases'} × ${r.clientsPerCanvas} clients, ${r.ratePerCanvas} ops/s per canvas, ${r.windowSeconds.toFixed(1)} s`,
    `  clients: ${r.connected} connected, ${r.subscribed} subscribed (${r.counts.connectAttempts} attempts, ${r.counts.connectRetries} retries), ramp ${r.rampSeconds.toFixed(1)} s`,
    `  ops: ${r.counts.opsSent} sent, ${r.counts.opsAcked} acked, ${r.counts.conflicts} conflicts, ${r.counts.opsDeferred} waited for the previous answer, ${r.counts.opsDroppedAtEnd} not sent at the end`,
    `  deliveries: ${r.counts.deliveries} received of ${r.deliveriesExpected} expected; ${r.deliveriesPerSecond.toFixed(0)}/s in the window`,
    `  latency ms: p50 ${ms(r.latencyMs.p50)}, p90 ${ms(r.latencyMs.p90)}, p99 ${ms(r.latencyMs.p99)}, p99.9 ${ms(r.latencyMs.p999)}, max ${ms(r.latencyMs.max)}`,
    `  cpu (cores): server ${r.serverCores === null ? '-' : r.serverCores.toFixed(2)}, generator ${r.generatorCores.toFixed(2)}; busy ${Object.entries(r.coreBusy).map(([c, b]) => `${c} ${(b * 100).toFixed(0)}%`).join(', ')}; generator loop delay p99 ${r.generatorLoopDelayMs.p99.toFixed(1)} ms`,
    `  server heap KiB: idle ${kib(r.heapIdle)}, connected ${kib(r.heapConnected)}, per connection ${kib(r.heapPerConnection)}; rss per connection ${kib(r.rssPerConnection)}`,
    `  load average: before ${r.loadBefore}, after ${r.loadAfter}`,
    `  other frames: ${JSON.stringify(r.counts.otherFrames)}, other events ${r.counts.otherEvents}, pongs ${r.counts.pongs}`,
    `  per 5 s (deliveries/s, max ms): ${r.timeline.map((b) => `${b.deliveriesPerSecond}/${b.maxMs}`).join(' ')}`,
    `  errors: ${errors.size === 0 ? 'none' : ''}`,
  ];
  for (const [kind, entry] of errors) {
    lines.push(`    ${kind}: ${entry.count} (e.g. ${entry.examples.join(' | ')})`);
  }
  console.log(lines.join('\n'));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
