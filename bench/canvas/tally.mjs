// What the clients count while the load runs: totals over the run, failures by kind with their
// first examples, and the step (one rate's warm-up and window) whose latencies are being taken.

import { Latencies, Timeline } from './latencies.mjs';

export const counts = {
  connectAttempts: 0,
  connectRetries: 0,
  subscribed: 0,
  opsSent: 0,
  opsAcked: 0,
  conflicts: 0,
  opsDeferred: 0,
  opsDroppedAtEnd: 0,
  deliveries: 0,
  otherEvents: 0,
  pongs: 0,
  otherFrames: {},
};

/** Failures: kind -> {count, examples}. Any failure makes the run exit non-zero. */
export const errors = new Map();

export function fail(kind, detail) {
  const entry = errors.get(kind) ?? { count: 0, examples: [] };
  entry.count += 1;
  if (entry.examples.length < 3) {
    entry.examples.push(String(detail).slice(0, 300));
  }
  errors.set(kind, entry);
}

export function errorCount() {
  let n = 0;
  for (const entry of errors.values()) {
    n += entry.count;
  }
  return n;
}

/**
 * One rate's measurement. Its latencies are those of ops due from the window's start on (ops due
 * before it are the warm-up); its deliveries are those that arrive within the window.
 */
export class Step {
  constructor(rate) {
    this.rate = rate;
    this.latencies = new Latencies();
    /** Every delivery of the step, warm-up ops included: what a server that fell behind did. */
    this.allLatencies = new Latencies();
    this.timeline = null;
    this.windowStart = Infinity;
    this.windowEnd = Infinity;
    this.deliveries = 0;
  }

  open(now) {
    this.windowStart = now;
    this.timeline = new Timeline(now);
  }

  close(now) {
    this.windowEnd = now;
  }

  /** A delivery at `now` of the op due at `due`. */
  record(now, due) {
    this.allLatencies.add(now - due);
    if (now >= this.windowStart && now < this.windowEnd) {
      this.deliveries += 1;
    }
    if (due >= this.windowStart) {
      this.latencies.add(now - due);
      this.timeline.add(now, now - due);
    }
  }
}

/** The step being measured, if any. */
export const current = { step: null };
