/**
 * Keeps a canvas in step with the server while the user edits it: the confirmed document (what the
 * server's events said), the user's ops on their way, and the view the editor shows (the first
 * with the second applied).
 *
 * One request is on the wire at a time; edits made meanwhile wait and go out together as the next
 * one (undo and redo always alone). When the server refuses a request as stale (`error {code:
 * "conflict", version, since}`), the changes it missed are applied and its ops go again on the new
 * version, without those on blocks that someone else deleted. Each request keeps its id when sent
 * again after a reconnection, and the server answers a retried id with the change it made. Pure
 * logic: the caller sends what the methods return.
 */
import { applyChanges, applyOps, findBlock, isHistoryOp, isSingle, normalize, requiredBlock } from './canvas-model.js';

/**
 * The change a canvas event (or a revision in a conflict's `since`) carries: the version it made,
 * what it changed, and the id its author's client gave it; null for an event that makes no version.
 */
function appliedChange(event) {
  const data = event?.data ?? event;
  if (!data || typeof data.version !== 'number') {
    return null;
  }
  return { version: data.version, changes: data.changes, opId: data.clientOpId ?? null };
}

export class CanvasSync {
  /** @param newId makes the id of each `op` request (unique per client). */
  constructor(canvas, newId) {
    this.confirmed = normalize(canvas);
    this.newId = newId;
    this.inflight = null;
    // Requests the server acknowledged whose event has not arrived: still shown.
    this.acked = [];
    this.waiting = [];
    // Set when a conflict could not say what changed: the caller reloads the canvas.
    this.reloadNeeded = false;
  }

  /** The document the editor shows. */
  view() {
    let view = this.ackedView();
    if (this.inflight) view = applyOps(view, this.inflight.ops);
    return applyOps(view, this.waiting);
  }

  ackedView() {
    return this.acked.reduce(
      (view, request) => (request.changes ? applyChanges(view, request.changes) : applyOps(view, request.ops)),
      this.confirmed,
    );
  }

  /** Whether edits of this user are still on their way. */
  get pending() {
    return this.inflight !== null || this.waiting.length > 0;
  }

  /** Whether `id` is the request out. */
  owns(id) {
    return this.inflight?.id === id;
  }

  /** Replaces the confirmed document (a snapshot); edits on their way stay. */
  load(canvas) {
    this.confirmed = normalize(canvas);
    this.acked = this.acked.filter((request) => request.version > this.confirmed.version);
  }

  /** Takes the user's `ops`; returns the request to send now, or null while one is out. */
  edit(ops) {
    this.waiting.push(...ops);
    return this.next();
  }

  /** The waiting edits as the next request, or null if one is out or none wait. */
  next() {
    return this.inflight || this.waiting.length === 0 ? null : this.send();
  }

  /**
   * Applies a persisted canvas event; returns whether the document changed. Events the document
   * already holds (by version) are skipped, so a change that came in a conflict's `since` and
   * again on the stream counts once. When the event is this client's request whose ack was lost,
   * the request is done: call {@link next} for what to send then.
   */
  onEvent(event) {
    const change = appliedChange(event);
    if (!change || change.version <= this.confirmed.version) {
      return false;
    }
    this.confirmed = { ...applyChanges(this.confirmed, change.changes), version: change.version };
    this.acked = this.acked.filter((request) => request.version > change.version);
    if (this.inflight && change.opId === this.inflight.id) {
      this.inflight = null;
    }
    return true;
  }

  /** Handles `ack {id, version}`; returns the next request to send, or null. */
  onAck(ack) {
    if (!this.owns(ack.id)) {
      return null;
    }
    if (ack.version > this.confirmed.version) {
      this.acked.push({ version: ack.version, ops: this.inflight.ops, changes: ack.changes });
    }
    this.inflight = null;
    return this.next();
  }

  /**
   * Handles `error {code: "conflict", id, version, since}`: applies the changes the request missed
   * and returns it rebased on `version` — or the next request, or null when nothing of it is left.
   * Without `since` (the server no longer keeps them all) it returns null and sets
   * {@link reloadNeeded}: the caller fetches the canvas and hands it to {@link reload}.
   */
  onConflict(error) {
    if (!this.owns(error.id)) {
      return null;
    }
    if (!Array.isArray(error.since)) {
      this.reloadNeeded = true;
      return null;
    }
    const request = this.inflight;
    let applied = false;
    for (const revision of error.since) {
      this.onEvent(revision);
      applied ||= appliedChange(revision)?.opId === request.id;
    }
    this.inflight = null;
    if (!applied) {
      this.waiting.unshift(...rebase(this.ackedView(), request.ops));
    }
    return this.waiting.length ? this.send(error.version) : null;
  }

  /** Takes the canvas as the server has it now; returns the request out, rebased on it, or null. */
  reload(canvas) {
    this.reloadNeeded = false;
    this.load(canvas);
    if (this.inflight) {
      this.waiting.unshift(...rebase(this.ackedView(), this.inflight.ops));
      this.inflight = null;
    }
    return this.waiting.length ? this.send(this.confirmed.version) : null;
  }

  /**
   * Handles any other refusal of the request out (`error {id}`, e.g. an invalid op): it is
   * dropped, so the view shows the server's document again; returns the next request, or null.
   */
  onRejected(error) {
    if (!this.owns(error.id)) {
      return null;
    }
    this.inflight = null;
    return this.next();
  }

  /**
   * After a reconnection: the request that was out goes again, unchanged. If the server applied it
   * before the connection broke, it answers with that change (same id, same author).
   */
  onReconnect() {
    return this.inflight ? { ...this.inflight } : this.next();
  }

  send(serverVersion = 0) {
    const baseVersion = Math.max(serverVersion, this.confirmed.version, ...this.acked.map((r) => r.version));
    const alone = isHistoryOp(this.waiting[0]);
    const count = alone ? 1 : indexOrEnd(this.waiting.findIndex(isHistoryOp), this.waiting.length);
    this.inflight = { type: 'op', id: this.newId(), baseVersion, ops: this.waiting.slice(0, count) };
    this.waiting = this.waiting.slice(count);
    return { ...this.inflight };
  }
}

function indexOrEnd(index, length) {
  return index < 0 ? length : index;
}

/**
 * `ops` as they still make sense on `canvas`: an op on a block that no longer exists is dropped,
 * and so is adding a block that exists already (the same add arrived by another path) or a second
 * subject or preheader.
 */
export function rebase(canvas, ops) {
  const kept = [];
  let view = canvas;
  for (const op of ops) {
    const blockId = requiredBlock(op);
    if (blockId !== undefined && !findBlock(view, blockId)) continue;
    if (op.op === 'addBlock' && findBlock(view, op.block.id)) continue;
    if (op.op === 'addBlock' && isSingle(op.block.type) && view.blocks.some((b) => b.type === op.block.type)) continue;
    kept.push(op);
    view = applyOps(view, [op]);
  }
  return kept;
}
