// The load generator's WebSocket clients: each checks that every event of its canvas's stream
// follows the last one it saw (no loss, duplicate or reordering) and takes each op's latency; a
// canvas's writer also sends the ops.

import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { counts, current, fail } from './tally.mjs';

/** The op's due time (performance.now()) is written into the block's text after this prefix. */
const STAMP = 't';

/** One socket of one canvas (or task): its position in the stream, and what it received. */
export class Client {
  /**
   * @param target {id, index, applied, writer}: the canvas and the ops its writer had applied
   * @param slot which of the canvas's clients this is
   * @param settings {wsBase, stream, token, closing: () => boolean}
   */
  constructor(target, slot, settings) {
    this.target = target;
    this.slot = slot;
    this.settings = settings;
    this.ws = null;
    this.pid = null;
    this.last = null;
    this.deliveries = 0;
    this.attempts = 0;
    /** Why the server closed the socket, if it did: the events after that are not lost. */
    this.closedBy = null;
  }

  /** Opens the socket; `onSettled(true)` once open, `onSettled(false, why)` if refused. */
  connect(onSettled) {
    const { wsBase, stream, token } = this.settings;
    this.attempts += 1;
    counts.connectAttempts += 1;
    const url = `${wsBase}/ws/${stream === 'tasks' ? 'tasks' : 'canvas'}/${this.target.id}?token=${encodeURIComponent(token)}`;
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, handshakeTimeout: 30_000 });
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
      } else if (!this.settings.closing()) {
        this.closedBy = `${code} ${reason}`;
        fail('closed by the server', `${this.target.id}#${this.slot}: ${code} ${reason}`);
      }
    });
  }

  send(frame) {
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
    }
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
        this.onAck(frame);
        break;
      case 'error':
        this.onError(frame);
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
    const prefix = this.settings.stream === 'tasks' ? 'Task|' : 'Canvas|';
    const pid = Object.keys(frame.positions ?? {}).find((p) => p.startsWith(prefix));
    if (pid === undefined || this.pid !== null) {
      fail('bad snapshot', JSON.stringify(frame).slice(0, 300));
      return;
    }
    this.pid = pid;
    this.last = frame.positions[pid];
    this.seeVersion(frame.canvas?.version);
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
    this.seeVersion(event.data?.version);
    const text = event.data?.ops?.[0]?.content?.text;
    if (typeof text !== 'string' || !text.startsWith(STAMP)) {
      fail('event without a stamp', JSON.stringify(frame).slice(0, 300));
      return;
    }
    this.deliveries += 1;
    counts.deliveries += 1;
    current.step?.record(performance.now(), Number(text.slice(STAMP.length)));
  }

  onAck(frame) {
    fail('ack to a reader', JSON.stringify(frame));
  }

  onError(frame) {
    if (frame.code !== 'conflict') {
      fail(`error ${frame.code}`, JSON.stringify(frame));
    }
  }

  seeVersion() {}
}

/** Client 0 of a canvas: sends its ops on time, one at a time, on the version it last saw. */
export class Writer extends Client {
  constructor(target, settings) {
    super(target, 0, settings);
    this.version = target.version;
    this.sent = 0;
    this.inFlight = null;
    this.waiting = [];
    this.timer = null;
  }

  /** Sends an op due every 1/rate s from `first` until `end` (performance.now() times). */
  run(rate, first, end) {
    const period = 1000 / rate;
    let due = first;
    // Node's timers count whole milliseconds from a clock read at the loop's start, so one may
    // fire up to a millisecond early: an op is never sent before it is due.
    const wait = () => Math.max(0, Math.ceil(due - performance.now()));
    const tick = () => {
      if (due >= end) {
        return;
      }
      if (performance.now() >= due) {
        this.due(due);
        due += period;
      }
      this.timer = setTimeout(tick, wait());
    };
    this.timer = setTimeout(tick, wait());
  }

  /** Sends no more ops; those waiting for an answer to the one in flight are dropped. */
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
    this.inFlight = { id, at };
    counts.opsSent += 1;
    this.send({
      type: 'op',
      id,
      baseVersion: this.version,
      ops: [{ op: 'updateBlock', blockId: 'bench', content: { text: `${STAMP}${at.toFixed(3)}` } }],
    });
  }

  seeVersion(version) {
    if (typeof version === 'number') {
      this.version = Math.max(this.version, version);
    }
  }

  onAck(frame) {
    if (this.inFlight === null || frame.id !== this.inFlight.id) {
      fail('unexpected ack', JSON.stringify(frame));
      return;
    }
    counts.opsAcked += 1;
    this.target.applied += 1;
    this.seeVersion(frame.version);
    this.inFlight = null;
    const next = this.waiting.shift();
    if (next !== undefined) {
      this.sendOp(next);
    }
  }

  /**
   * A conflict: rebase on the version the server names and send the same op again. Any other
   * error answering the op in flight is counted, and the writer goes on with its next op: the op
   * may still have been applied, which its event tells.
   */
  onError(frame) {
    super.onError(frame);
    if (this.inFlight === null || frame.id !== this.inFlight.id) {
      return;
    }
    if (frame.code === 'conflict') {
      counts.conflicts += 1;
      this.version = frame.version;
      this.sendOp(this.inFlight.at);
      return;
    }
    this.inFlight = null;
    const next = this.waiting.shift();
    if (next !== undefined) {
      this.sendOp(next);
    }
  }
}
