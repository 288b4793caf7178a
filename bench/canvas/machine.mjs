// What the load generator reads of the machine and of the server under test: CPU time of a
// process and of each core (/proc), a process's resident memory, and the server's heap through a
// probe command that the script names per server (it forces a full GC first).

import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(execSync('getconf CLK_TCK').toString().trim());

/** CPU seconds (user + system) the process has used, or null without a pid. */
export function processCpuSeconds(pid) {
  if (!pid) {
    return null;
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The process's resident set in bytes, or null without a pid. */
export function residentBytes(pid) {
  if (!pid) {
    return null;
  }
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB$/m);
  return line ? Number(line[1]) * 1024 : null;
}

/** Busy and total jiffies of each core ("cpu0", "cpu1", …) since boot. */
export function coreTimes() {
  const cores = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = line.match(/^(cpu\d+)\s+(.*)$/);
    if (match) {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = match[2].split(/\s+/).map(Number);
      const busy = user + nice + system + irq + softirq + steal;
      cores[match[1]] = { busy, total: busy + idle + iowait };
    }
  }
  return cores;
}

/** Each core's busy share between two coreTimes() readings, 0..1. */
export function coreBusy(before, after) {
  const busy = {};
  for (const core of Object.keys(after)) {
    const total = after[core].total - before[core].total;
    busy[core] = total > 0 ? (after[core].busy - before[core].busy) / total : 0;
  }
  return busy;
}

export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** Runs the heap probe command with the phase as its argument; it prints the bytes in use. */
export function probeHeap(command, phase) {
  if (!command) {
    return null;
  }
  const out = execSync(`${command} ${phase}`, { timeout: 120_000 }).toString().trim();
  const bytes = Number(out);
  if (!Number.isFinite(bytes)) {
    throw new Error(`heap probe '${command} ${phase}' printed '${out}', not a number of bytes`);
  }
  return bytes;
}
