// The classes whose instances grew most between two JVM class histograms (jcmd
// GC.class_histogram), per connection: where the node's heap per connection goes.
//
//   node histogram-diff.mjs histogram-idle.txt histogram-connected.txt CONNECTIONS [ROWS]

import { readFileSync } from 'node:fs';

const [idleFile, connectedFile, connections, rows = '20'] = process.argv.slice(2);

/** class name -> {instances, bytes} */
function read(file) {
  const classes = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = line.match(/^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/);
    if (match) {
      classes.set(match[3], { instances: Number(match[1]), bytes: Number(match[2]) });
    }
  }
  return classes;
}

const idle = read(idleFile);
const connected = read(connectedFile);
const n = Number(connections);
const growth = [...connected].map(([name, after]) => {
  const before = idle.get(name) ?? { instances: 0, bytes: 0 };
  return { name, instances: (after.instances - before.instances) / n, bytes: (after.bytes - before.bytes) / n };
});
const total = growth.reduce((sum, g) => sum + g.bytes, 0);
growth.sort((a, b) => b.bytes - a.bytes);
console.log(`| class | instances per connection | bytes per connection |`);
console.log(`|---|---|---|`);
for (const g of growth.slice(0, Number(rows))) {
  console.log(`| \`${g.name}\` | ${g.instances.toFixed(1)} | ${Math.round(g.bytes).toLocaleString('en-US')} |`);
}
console.log(`| all classes | | ${Math.round(total).toLocaleString('en-US')} |`);
