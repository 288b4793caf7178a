// The result table of canvas-load.sh: one column per load.mjs result (JSON files given as
// arguments, the node's first), and the node's deliveries/s as a ratio of the second's.
//
//   node report.mjs mesh.json baseline.json

import { readFileSync } from 'node:fs';

const results = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')));

const int = (v) => (v === null || v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));
const ms = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
const kib = (v) => (v === null || v === undefined ? '–' : (v / 1024).toFixed(1));
const cores = (v) => (v === null || v === undefined ? '–' : v.toFixed(2));
const errorCount = (r) => Object.values(r.errors).reduce((n, e) => n + e.count, 0);

const rows = [
  ['clients subscribed', (r) => `${int(r.subscribed)} of ${int(r.canvases * r.clientsPerCanvas)}`],
  ['ramp-up', (r) => `${r.rampSeconds.toFixed(1)} s`],
  ['window', (r) => `${r.windowSeconds.toFixed(1)} s`],
  ['ops sent / acked / conflicts', (r) => `${int(r.counts.opsSent)} / ${int(r.counts.opsAcked)} / ${int(r.counts.conflicts)}`],
  ['deliveries received / expected', (r) => `${int(r.counts.deliveries)} / ${int(r.deliveriesExpected)}`],
  ['**deliveries/s** (in the window)', (r) => `**${int(r.deliveriesPerSecond)}**`],
  ['latency p50 / p90 ms', (r) => `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p90)}`],
  ['**latency p99** ms', (r) => `**${ms(r.latencyMs.p99)}**`],
  ['latency p99.9 / max ms', (r) => `${ms(r.latencyMs.p999)} / ${ms(r.latencyMs.max)}`],
  ['loss, duplicates, reordering, errors', (r) => (errorCount(r) === 0 ? 'none' : `${errorCount(r)}: ${Object.keys(r.errors).join(', ')}`)],
  ['server CPU (cores, on CPU 0)', (r) => cores(r.serverCores)],
  ['load generator CPU (cores, on CPU 1)', (r) => cores(r.generatorCores)],
  ['CPU 0 / CPU 1 busy (all processes)', (r) => `${Math.round(r.coreBusy.cpu0 * 100)}% / ${Math.round(r.coreBusy.cpu1 * 100)}%`],
  ['generator event-loop delay p99 ms', (r) => ms(r.generatorLoopDelayMs.p99)],
  ['heap after GC: idle → connected (KiB)', (r) => `${kib(r.heapIdle)} → ${kib(r.heapConnected)}`],
  ['**heap per connection** (KiB)', (r) => `**${kib(r.heapPerConnection)}**`],
  ['RSS per connection (KiB)', (r) => kib(r.rssPerConnection)],
  ['load average before → after', (r) => `${r.loadBefore} → ${r.loadAfter}`],
];

const lines = [
  `| | ${results.map((r) => r.label).join(' | ')} |`,
  `|---|${results.map(() => '---').join('|')}|`,
  ...rows.map(([name, cell]) => `| ${name} | ${results.map(cell).join(' | ')} |`),
];
if (results.length === 2) {
  const [node, peer] = results;
  lines.push(
    '',
    `Deliveries/s ratio ${node.label} ÷ ${peer.label}: **${(node.deliveriesPerSecond / peer.deliveriesPerSecond).toFixed(3)}×** ` +
      `(p99 ${ms(node.latencyMs.p99)} ms vs ${ms(peer.latencyMs.p99)} ms).`,
  );
}
console.log(lines.join('\n'));
