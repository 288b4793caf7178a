// Load generator of the canvas benchmark (docs/benchmarks/canvas.md). Against a node or the peer
// baseline (baseline.mjs), unchanged:
//
// 1. creates --canvases canvases over REST, each with one text block "bench";
// 2. opens --clients WebSockets per canvas (/ws/canvas/{id}?token=…), --ramp new ones a second,
//    each sending `subscribe` and taking its snapshot's position; the server's heap (after a full
//    GC, through --heap-probe) before and after gives the heap per connection;
// 3. for each rate of --rate (ops/s per canvas; "2" or a sweep "0,2,4,8", where 0 holds the
//    sockets without ops and measures what idle clients cost the server), a step: --warmup and
//    then --duration seconds in which client 0 of each canvas (its writer) sends `op` frames that
//    set the block's text to the time the op was due (a conflict is rebased and sent again; an op
//    due while the previous one is unanswered waits for the answer, keeping its due time), then
//    up to --drain seconds for the last deliveries. Every client checks that each event's seq
//    follows the last one it saw, and takes the event's latency as now minus the due time written
//    in it: both ends run in this process, on one clock. A step's latencies are those of ops due
//    in its window; its deliveries/s and CPU those of the window. A sweep stops after a step whose
//    p99 passes --stop-p99 ms or that failed;
// 4. closes every socket, prints the result (and writes it as JSON to --json) and exits 1 on any
//    loss, duplicate, reordering or other error.
//
// The load is bounded: --canvases × --clients sockets, the steps' seconds, and a hard deadline
// over the whole run. It talks only to --http, which must be a loopback address. The token comes
// from --token or the environment's MESH_TOKEN (which keeps it out of the command line).
//
// With --stream tasks it opens the sockets on /ws/tasks/{id} of tasks parked on an approval and
// holds them for --duration seconds without ops: a check of connection handling and heap.

import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { Client, Writer } from './clients.mjs';
import { coreBusy, coreTimes, loadAverage, probeHeap, processCpuSeconds, residentBytes } from './machine.mjs';
import { Step, counts, current, errorCount, errors, fail } from './tally.mjs';

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
    warmup: { type: 'string', default: '10' },
    ramp: { type: 'string', default: '500' },
    drain: { type: 'string', default: '15' },
    'stop-p99': { type: 'string', default: '1000' },
    'ping-interval': { type: 'string', default: '20' },
    'server-pid': { type: 'string' },
    'heap-probe': { type: 'string' },
    json: { type: 'string' },
  },
});

const HTTP = new URL(opt.http);
if (!(HTTP.hostname.startsWith('127.') || ['localhost', '[::1]'].includes(HTTP.hostname))) {
  throw new Error(`--http must be a loopback address, not ${HTTP.hostname}`);
}
const STREAM = opt.stream;
const CANVASES = Number(opt.canvases);
const CLIENTS = Number(opt.clients);
const RATES = opt.rate.split(',').map(Number);
const DURATION_MS = Number(opt.duration) * 1000;
const WARMUP_MS = Number(opt.warmup) * 1000;
const RAMP = Number(opt.ramp);
const DRAIN_MS = Number(opt.drain) * 1000;
const STOP_P99 = Number(opt['stop-p99']);
const PING_MS = Number(opt['ping-interval']) * 1000;
const SERVER_PID = opt['server-pid'] ? Number(opt['server-pid']) : null;
const SOCKETS = CANVASES * CLIENTS;
const SETUP_CONCURRENCY = 16;
const MAX_HANDSHAKES = 256;
const CONNECT_ATTEMPTS = 5;
const SUBSCRIBE_WAIT_MS = 30_000;

let closing = false;
const settings = {
  wsBase: `ws://${HTTP.host}`,
  stream: STREAM,
  token: opt.token,
  closing: () => closing,
};

// ---------------------------------------------------------------- setup over REST

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

// ---------------------------------------------------------------- sockets

/** Opens every socket, RAMP a second with at most MAX_HANDSHAKES at once; retries refusals. */
function connectAll(clients) {
  return new Promise((resolve) => {
    const queue = [...clients];
    const began = performance.now();
    let opened = 0;
    let pending = 0;
    let settled = 0;
    const settle = () => {
      settled += 1;
      if (settled === clients.length) {
        clearInterval(pump);
        resolve();
      }
    };
    const pump = setInterval(() => {
      const allowed = Math.floor(((performance.now() - began) / 1000) * RAMP) - opened;
      for (let i = 0; i < allowed && queue.length > 0 && pending < MAX_HANDSHAKES; i++) {
        const client = queue.shift();
        opened += 1;
        pending += 1;
        client.connect((ok, why) => {
          pending -= 1;
          if (ok) {
            settle();
          } else if (client.attempts < CONNECT_ATTEMPTS) {
            counts.connectRetries += 1;
            setTimeout(() => queue.push(client), 1000);
          } else {
            fail('not connected', why);
            settle();
          }
        });
      }
    }, 10);
  });
}

/** Resolves with done() once it holds, checking every 50 ms, or after `ms`. */
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

const pause = (ms) => until(() => false, ms);

/** Each client sends `ping` every PING_MS, spread evenly, so that the server never idles it out. */
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

/** The clients of a target that subscribed and were not closed by the server. */
function openClients(target) {
  return target.sockets.filter((c) => c.pid !== null && c.closedBy === null);
}

/**
 * How many ops' events every open client of the target must have received: the ops its writer
 * saw acknowledged, or more if a client received more (an op whose answer was an error may still
 * have been applied).
 */
function eventsOf(target) {
  return openClients(target).reduce((n, c) => Math.max(n, c.deliveries), target.applied);
}

// ---------------------------------------------------------------- a step

/** Runs one rate: warm-up, window, drain; what the window measured. */
async function runStep(rate, targets, writers) {
  const step = new Step(rate);
  current.step = step;
  const before = { ...counts };
  const errorsBefore = errorCount();
  const loadBefore = loadAverage();
  const start = performance.now();
  const end = start + WARMUP_MS + DURATION_MS;
  if (rate > 0) {
    writers.forEach((writer, i) => writer.run(rate, start + (i / writers.length) * (1000 / rate), end));
  }
  await pause(WARMUP_MS);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const cores = coreTimes();
  const serverCpu = processCpuSeconds(SERVER_PID);
  const ownCpu = process.cpuUsage();
  step.open(performance.now());
  loopDelay.enable();
  await pause(DURATION_MS);
  const now = performance.now();
  step.close(now);
  writers.forEach((writer) => writer.stop());
  loopDelay.disable();
  const windowSeconds = (now - step.windowStart) / 1000;
  const own = process.cpuUsage(ownCpu);
  const result = {
    rate,
    windowSeconds,
    serverCores: SERVER_PID ? (processCpuSeconds(SERVER_PID) - serverCpu) / windowSeconds : null,
    generatorCores: (own.user + own.system) / 1e6 / windowSeconds,
    coreBusy: coreBusy(cores, coreTimes()),
    generatorLoopDelayMs: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  };

  const drained = () =>
    writers.every((w) => w.inFlight === null) &&
    targets.every((t) => openClients(t).every((c) => c.deliveries === eventsOf(t)));
  result.drained = await until(drained, DRAIN_MS);
  current.step = null;
  for (const key of ['opsSent', 'opsAcked', 'conflicts', 'opsDeferred', 'opsDroppedAtEnd']) {
    result[key] = counts[key] - before[key];
  }
  result.deliveries = step.deliveries;
  result.deliveriesPerSecond = step.deliveries / windowSeconds;
  result.latencyMs = step.latencies.summary();
  result.allDeliveriesLatencyMs = step.allLatencies.summary();
  result.timeline = step.timeline.buckets(5);
  result.errors = errorCount() - errorsBefore;
  result.loadBefore = loadBefore;
  result.loadAfter = loadAverage();
  printStep(result);
  return result;
}

// ---------------------------------------------------------------- the run

async function main() {
  const stepsMs = RATES.length * (WARMUP_MS + DURATION_MS + DRAIN_MS);
  const deadline = setTimeout(() => {
    console.error('the run passed its hard deadline; stopping');
    process.exit(3);
  }, 600_000 + (SOCKETS / RAMP) * 3000 + stepsMs);
  deadline.unref();
  const result = {
    label: opt.label,
    stream: STREAM,
    canvases: CANVASES,
    clientsPerCanvas: CLIENTS,
    warmupSeconds: WARMUP_MS / 1000,
    durationSeconds: DURATION_MS / 1000,
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
      const client =
        slot === 0 && STREAM === 'canvas' ? (target.writer = new Writer(target, settings)) : new Client(target, slot, settings);
      target.sockets.push(client);
      clients.push(client);
    }
  }
  const pinger = keepAlive(clients);
  phase = performance.now();
  const serverCpu = processCpuSeconds(SERVER_PID);
  await connectAll(clients);
  result.connectSeconds = (performance.now() - phase) / 1000;
  if (!(await until(() => counts.subscribed === SOCKETS, SUBSCRIBE_WAIT_MS))) {
    fail('not subscribed', `${SOCKETS - counts.subscribed} sockets have no snapshot after the ramp`);
  }
  result.rampSeconds = (performance.now() - phase) / 1000;
  result.serverCpuRampSeconds = SERVER_PID ? processCpuSeconds(SERVER_PID) - serverCpu : null;
  result.connected = clients.filter((c) => c.ws?.readyState === WebSocket.OPEN).length;
  result.subscribed = counts.subscribed;
  console.log(`connected ${result.connected}, subscribed ${result.subscribed} of ${SOCKETS} in ${result.rampSeconds.toFixed(1)} s`);
  // Over the sockets open when the heap is taken: the server may have closed some since.
  result.heapSockets = clients.filter((c) => c.ws?.readyState === WebSocket.OPEN).length;
  result.heapConnected = heap('connected');
  result.rssConnected = residentBytes(SERVER_PID);
  if (result.heapSockets > 0 && result.heapIdle !== null && result.heapConnected !== null) {
    result.heapPerConnection = (result.heapConnected - result.heapIdle) / result.heapSockets;
  }
  if (result.heapSockets > 0 && result.rssIdle !== null) {
    result.rssPerConnection = (result.rssConnected - result.rssIdle) / result.heapSockets;
  }

  result.steps = [];
  if (STREAM === 'tasks') {
    await pause(DURATION_MS);
  } else {
    const writers = targets.map((t) => t.writer);
    for (const rate of RATES) {
      const step = await runStep(rate, targets, writers);
      result.steps.push(step);
      if (step.errors > 0 || (rate > 0 && !(step.latencyMs.p99 <= STOP_P99))) {
        console.log(`stopping after ${rate} ops/s per canvas: p99 ${step.latencyMs.p99} ms, ${step.errors} errors`);
        break;
      }
    }
  }
  clearInterval(pinger);

  let expected = 0;
  let received = 0;
  for (const target of targets) {
    const events = eventsOf(target);
    for (const client of openClients(target)) {
      expected += events;
      received += client.deliveries;
      if (client.deliveries !== events) {
        fail('lost events', `${client.pid} client ${client.slot}: ${client.deliveries} of ${events}`);
      }
    }
  }
  result.counts = counts;
  // Expected at the clients that stayed open; a closed one is counted under its close.
  result.deliveriesExpected = expected;
  result.deliveriesReceived = received;
  result.closedByServer = clients.filter((c) => c.closedBy !== null).length;
  result.errors = Object.fromEntries(errors);

  closing = true;
  for (const client of clients) {
    client.ws?.close(1000);
  }
  await until(() => clients.every((c) => !c.ws || c.ws.readyState === WebSocket.CLOSED), 10_000);
  for (const client of clients) {
    client.ws?.terminate();
  }

  printRun(result);
  if (opt.json) {
    writeFileSync(opt.json, `${JSON.stringify(result, null, 2)}\n`);
  }
  return errors.size === 0 && result.subscribed === SOCKETS ? 0 : 1;
}

const ms = (v) => (v === null ? '-' : v.toFixed(1));
const kib = (v) => (v === null || v === undefined ? '-' : (v / 1024).toFixed(1));

function printStep(s) {
  console.log(
    [
      `step ${s.rate} ops/s per canvas: ${s.windowSeconds.toFixed(1)} s measured after ${WARMUP_MS / 1000} s of warm-up${s.drained ? '' : ' (not drained)'}`,
      `  ops: ${s.opsSent} sent, ${s.opsAcked} acked, ${s.conflicts} conflicts, ${s.opsDeferred} waited for the previous answer, ${s.opsDroppedAtEnd} not sent at the end`,
      `  deliveries in the window: ${s.deliveries}, ${s.deliveriesPerSecond.toFixed(0)}/s`,
      `  latency ms: p50 ${ms(s.latencyMs.p50)}, p90 ${ms(s.latencyMs.p90)}, p99 ${ms(s.latencyMs.p99)}, p99.9 ${ms(s.latencyMs.p999)}, max ${ms(s.latencyMs.max)}`,
      `  latency ms of every delivery in the step, warm-up included: p50 ${ms(s.allDeliveriesLatencyMs.p50)}, p99 ${ms(s.allDeliveriesLatencyMs.p99)}, max ${ms(s.allDeliveriesLatencyMs.max)}`,
      `  cpu (cores): server ${s.serverCores === null ? '-' : s.serverCores.toFixed(2)}, generator ${s.generatorCores.toFixed(2)}; busy ${Object.entries(s.coreBusy).map(([c, b]) => `${c} ${(b * 100).toFixed(0)}%`).join(', ')}; generator loop delay p99 ${s.generatorLoopDelayMs.p99.toFixed(1)} ms`,
      `  load average: before ${s.loadBefore}, after ${s.loadAfter}`,
      `  per 5 s (deliveries/s / max ms): ${s.timeline.map((b) => `${b.deliveriesPerSecond}/${b.maxMs}`).join(' ')}`,
    ].join('\n'),
  );
}

function printRun(r) {
  const lines = [
    `${r.label}: ${r.canvases} ${r.stream === 'tasks' ? 'tasks' : 'canvases'} × ${r.clientsPerCanvas} clients`,
    `  clients: ${r.connected} connected, ${r.subscribed} subscribed (${r.counts.connectAttempts} attempts, ${r.counts.connectRetries} retries); all open after ${r.connectSeconds.toFixed(1)} s, all subscribed after ${r.rampSeconds.toFixed(1)} s`,
    `  server heap KiB after GC: idle ${kib(r.heapIdle)}, connected ${kib(r.heapConnected)}, per connection ${kib(r.heapPerConnection)}; rss per connection ${kib(r.rssPerConnection)}`,
    `  deliveries at the ${r.subscribed - r.closedByServer} clients still open: ${r.deliveriesReceived} received of ${r.deliveriesExpected} expected (${r.counts.deliveries} at all); ops ${r.counts.opsSent} sent, ${r.counts.opsAcked} acked`,
    `  other frames: ${JSON.stringify(r.counts.otherFrames)}, other events ${r.counts.otherEvents}, pongs ${r.counts.pongs}`,
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
