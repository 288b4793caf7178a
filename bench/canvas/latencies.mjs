// Every delivery's latency, kept whole (a float per delivery) so that percentiles are exact, and
// a per-second count of deliveries to show how steady the run was.

export class Latencies {
  #values = new Float64Array(1 << 20);
  #size = 0;

  add(ms) {
    if (this.#size === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#size++] = ms;
  }

  get size() {
    return this.#size;
  }

  /** p50, p90, p99, p99.9 and max in ms, or nulls when nothing was recorded. */
  summary() {
    if (this.#size === 0) {
      return { p50: null, p90: null, p99: null, p999: null, max: null };
    }
    const sorted = this.#values.slice(0, this.#size).sort();
    const at = (q) => sorted[Math.min(this.#size - 1, Math.ceil(q * this.#size) - 1)];
    return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: sorted[this.#size - 1] };
  }
}

/** Deliveries and the worst latency per second of the run. */
export class Timeline {
  #start;
  #seconds = [];

  constructor(start) {
    this.#start = start;
  }

  add(now, ms) {
    const second = Math.floor((now - this.#start) / 1000);
    const slot = (this.#seconds[second] ??= { deliveries: 0, maxMs: 0 });
    slot.deliveries += 1;
    slot.maxMs = Math.max(slot.maxMs, ms);
  }

  /** One entry per `width` seconds: deliveries per second and the worst latency in it. */
  buckets(width) {
    const out = [];
    for (let from = 0; from < this.#seconds.length; from += width) {
      // Array.from, not map: a second without deliveries is a hole, which map would keep.
      const slots = Array.from(this.#seconds.slice(from, from + width), (s) => s ?? { deliveries: 0, maxMs: 0 });
      out.push({
        fromSecond: from,
        deliveriesPerSecond: Math.round(slots.reduce((n, s) => n + s.deliveries, 0) / slots.length),
        maxMs: Math.round(Math.max(...slots.map((s) => s.maxMs))),
      });
    }
    return out;
  }
}
