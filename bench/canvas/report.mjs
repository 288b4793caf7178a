// The result tables of canvas-load.sh from load.mjs's JSON results (the node's first): the
// connections and heap of each server, each rate's deliveries/s, latencies and CPU, the node's
// deliveries/s as a ratio of the baseline's at each rate, and each server's capacity: the most
// deliveries/s of a step with p99 within --target-p99 ms and no error.
//
//   node report.mjs mesh.json ws-baseline.json

import { readFileSync } from 'node:fs';

const TARGET_P99_MS = 100;
const results = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));

const none = (v) => v === null || v === undefined;
const int = (v) => (none(v) ? '–' : Math.round(v).toLocaleString('en-US'));
const ms = (v) => (none(v) ? '–' : v.toFixed(1));
const kib = (v) => (none(v) ? '–' : (v / 1024).toFixed(1));
const cores = (v) => (none(v) ? '–' : v.toFixed(2));
const percent = (v) => (none(v) ? '–' : `${Math.round(v * 100)}%`);
const errorCount = (r) => Object.values(r.errors).reduce((n, e) => n + e.count, 0);

/** A markdown table: a row per [name, cell(result)], a column per result. */
function table(rows) {
  return [
    `| | ${results.map((r) => r.label).join(' | ')} |`,
    `|---|${results.map(() => '---').join('|')}|`,
    ...rows.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`),
  ].join('\n');
}

const runRows = [
  ['clients subscribed', (r) => `${int(r.subscribed)} of ${int(r.canvases * r.clientsPerCanvas)}`],
  ['ramp-up: all open / all subscribed', (r) => `${r.connectSeconds.toFixed(1)} s / ${r.rampSeconds.toFixed(1)} s`],
  ['server heap after GC: idle → connected (KiB)', (r) => `${kib(r.heapIdle)} → ${kib(r.heapConnected)}`],
  ['**heap per connection** (KiB)', (r) => `**${kib(r.heapPerConnection)}** over ${int(r.heapSockets ?? r.subscribed)} open sockets`],
  ['RSS per connection (KiB)', (r) => kib(r.rssPerConnection)],
  ['ops sent / acked', (r) => `${int(r.counts.opsSent)} / ${int(r.counts.opsAcked)}`],
  ['clients closed by the server', (r) => int(r.closedByServer)],
  ['deliveries received / expected at the clients left open', (r) => `${int(r.deliveriesReceived)} / ${int(r.deliveriesExpected)}`],
  [
    'loss, duplicates, reordering, errors',
    (r) => (errorCount(r) === 0 ? 'none' : `${errorCount(r)}: ${Object.keys(r.errors).join(', ')}`),
  ],
];

const stepRows = (rate) => {
  const at = (r) => r.steps.find((s) => s.rate === rate);
  const cell = (f) => (r) => (at(r) ? f(at(r)) : 'not run');
  return [
    [`**${rate} ops/s per canvas**: deliveries/s`, cell((s) => `**${int(s.deliveriesPerSecond)}**`)],
    ['latency p50 / p90 ms', cell((s) => `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p90)}`)],
    ['**latency p99** ms', cell((s) => `**${ms(s.latencyMs.p99)}**`)],
    ['latency p99.9 / max ms', cell((s) => `${ms(s.latencyMs.p999)} / ${ms(s.latencyMs.max)}`)],
    [
      'every delivery of the step, warm-up ops included: p50 / p99 ms',
      cell((s) => (s.allDeliveriesLatencyMs ? `${ms(s.allDeliveriesLatencyMs.p50)} / ${ms(s.allDeliveriesLatencyMs.p99)}` : '–')),
    ],
    ['conflicts / ops that waited for the previous answer', cell((s) => `${int(s.conflicts)} / ${int(s.opsDeferred)}`)],
    ['server CPU (cores, pinned to CPU 0)', cell((s) => cores(s.serverCores))],
    ['load generator CPU (cores, pinned to CPU 1)', cell((s) => cores(s.generatorCores))],
    ['CPU 0 / CPU 1 busy, all processes', cell((s) => `${percent(s.coreBusy.cpu0)} / ${percent(s.coreBusy.cpu1)}`)],
    ['other processes (cores: busy less server and generator)', cell((s) => cores(otherCores(s)))],
    ['generator event-loop delay p99 / max ms', cell((s) => `${ms(s.generatorLoopDelayMs.p99)} / ${ms(s.generatorLoopDelayMs.max)}`)],
    ['load average before → after', cell((s) => `${s.loadBefore} → ${s.loadAfter}`)],
  ];
};

/** What the machine's other processes used during the window, in cores. */
function otherCores(s) {
  const busy = Object.values(s.coreBusy).reduce((n, b) => n + b, 0);
  return none(s.serverCores) ? null : Math.max(0, busy - s.serverCores - s.generatorCores);
}

/** The most deliveries/s of a step within the p99 target, in a run without errors. */
function capacity(r) {
  const within = r.steps.filter((s) => s.errors === 0 && s.latencyMs.p99 !== null && s.latencyMs.p99 <= TARGET_P99_MS);
  if (errorCount(r) > 0 || within.length === 0) {
    return null;
  }
  return within.reduce((best, s) => (s.deliveriesPerSecond > best.deliveriesPerSecond ? s : best));
}

const lines = [table(runRows)];
const rates = [...new Set(results.flatMap((r) => r.steps.map((s) => s.rate)))].sort((a, b) => a - b);
if (rates.length > 0) {
  lines.push('', table(rates.flatMap(stepRows)));
}
if (results.length === 2 && rates.length > 0) {
  const [node, peer] = results;
  lines.push('');
  for (const rate of rates) {
    const a = node.steps.find((s) => s.rate === rate);
    const b = peer.steps.find((s) => s.rate === rate);
    if (a && b && rate > 0) {
      lines.push(
        `- ${rate} ops/s per canvas: ${node.label} ÷ ${peer.label} deliveries/s = ` +
          `**${(a.deliveriesPerSecond / b.deliveriesPerSecond).toFixed(3)}×**, ` +
          `p99 ${ms(a.latencyMs.p99)} ms vs ${ms(b.latencyMs.p99)} ms.`,
      );
    }
  }
  const [ca, cb] = [capacity(node), capacity(peer)];
  lines.push(
    `- Capacity (most deliveries/s of a step with p99 ≤ ${TARGET_P99_MS} ms and no error): ` +
      `${node.label} ${ca ? `${int(ca.deliveriesPerSecond)} (${ca.rate} ops/s per canvas)` : 'none'}, ` +
      `${peer.label} ${cb ? `${int(cb.deliveriesPerSecond)} (${cb.rate} ops/s per canvas)` : 'none'}` +
      (ca && cb ? `: **${(ca.deliveriesPerSecond / cb.deliveriesPerSecond).toFixed(3)}×**.` : '.'),
  );
}
console.log(lines.join('\n'));
