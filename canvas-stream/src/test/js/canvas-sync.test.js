import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newBlock, normalize } from '../../main/resources/web/app/canvas-model.js';
import { CanvasSync, rebase } from '../../main/resources/web/app/canvas-sync.js';

function ids() {
  let next = 0;
  return () => `op-${++next}`;
}

function canvas(version, blocks = []) {
  return { canvasId: 'c1', title: 'Spring', version, blocks, layers: {} };
}

const blank = normalize(canvas(0));
const heading = newBlock(blank, 'heading', 'b1', 10, 20);
const text = newBlock(blank, 'text', 'b2', 10, 80);

/** An OpsApplied event as the stream carries it: what the request changed, by block. */
function applied(version, blocks, clientOpId = null) {
  return {
    type: 'OpsApplied',
    at: '2026-01-01T00:00:00Z',
    data: { version, ops: [], changes: { blocks, layers: {} }, by: 'bo', clientOpId },
  };
}

function put(block) {
  return { blockId: block.id, block, deleted: false };
}

function gone(id) {
  return { blockId: id, block: null, deleted: true };
}

test('shows an edit at once and sends it on the confirmed version', () => {
  const sync = new CanvasSync(canvas(3, [heading]), ids());

  const sent = sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 50, y: 60 }]);

  assert.deepEqual(sent, {
    type: 'op',
    id: 'op-1',
    baseVersion: 3,
    ops: [{ op: 'moveBlock', blockId: 'b1', x: 50, y: 60 }],
  });
  assert.equal(sync.view().blocks[0].x, 50);
  assert.equal(sync.confirmed.blocks[0].x, 10);
});

test('holds edits while a request is out and sends them together after its ack', () => {
  const sync = new CanvasSync(canvas(3, [heading]), ids());
  sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 1, y: 1 }]);

  assert.equal(sync.edit([{ op: 'updateBlock', blockId: 'b1', content: { text: 'A' } }]), null);
  assert.equal(sync.edit([{ op: 'updateBlock', blockId: 'b1', content: { text: 'AB' } }]), null);
  const next = sync.onAck({ id: 'op-1', version: 4 });

  assert.equal(next.baseVersion, 4);
  assert.deepEqual(
    next.ops.map((op) => op.content.text),
    ['A', 'AB'],
  );
  assert.equal(sync.view().blocks[0].content.text, 'AB');
});

test('sends undo and redo alone, and shows what they did only when the server says', () => {
  const sync = new CanvasSync(canvas(3, [heading]), ids());
  sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 1, y: 1 }]);
  sync.edit([{ op: 'undo' }]);
  sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 2, y: 2 }]);

  const undo = sync.onAck({ id: 'op-1', version: 4 });
  const after = sync.onAck({ id: 'op-2', version: 5 });

  assert.deepEqual(undo.ops, [{ op: 'undo' }]);
  assert.deepEqual(after.ops, [{ op: 'moveBlock', blockId: 'b1', x: 2, y: 2 }]);
  sync.onEvent(applied(4, [put({ ...heading, x: 1, y: 1 })], 'op-1'));
  sync.onEvent(applied(5, [put(heading)], 'op-2'));
  assert.equal(sync.view().blocks[0].x, 2);
});

test('keeps showing an acknowledged request until its event arrives, then counts it once', () => {
  const sync = new CanvasSync(canvas(3), ids());
  sync.edit([{ op: 'addBlock', block: text }]);
  sync.onAck({ id: 'op-1', version: 4 });

  assert.equal(sync.view().blocks.length, 1);
  assert.equal(sync.onEvent(applied(4, [put(text)], 'op-1')), true);
  assert.equal(sync.onEvent(applied(4, [put(text)], 'op-1')), false);

  assert.equal(sync.view().blocks.length, 1);
  assert.equal(sync.confirmed.version, 4);
  assert.equal(sync.pending, false);
});

test('on a conflict applies what it missed and resends the request on the new version', () => {
  const sync = new CanvasSync(canvas(3, [heading, text]), ids());
  sync.edit([{ op: 'updateBlock', blockId: 'b2', content: { text: 'mine' } }]);
  const theirs = applied(4, [put({ ...heading, x: 300 })]);

  const resent = sync.onConflict({
    type: 'error',
    code: 'conflict',
    id: 'op-1',
    version: 4,
    since: [theirs.data],
  });

  assert.equal(resent.baseVersion, 4);
  assert.notEqual(resent.id, 'op-1');
  assert.deepEqual(resent.ops, [{ op: 'updateBlock', blockId: 'b2', content: { text: 'mine' } }]);
  assert.equal(sync.view().blocks[0].x, 300);
  assert.equal(sync.view().blocks[1].content.text, 'mine');
  // The same change arriving on the stream afterwards is not applied twice.
  assert.equal(sync.onEvent(theirs), false);
});

test('drops a conflicting op whose block someone deleted, and sends nothing when none is left', () => {
  const sync = new CanvasSync(canvas(3, [heading, text]), ids());
  sync.edit([{ op: 'moveBlock', blockId: 'b2', x: 5, y: 5 }]);

  const resent = sync.onConflict({ code: 'conflict', id: 'op-1', version: 4, since: [applied(4, [gone('b2')]).data] });

  assert.equal(resent, null);
  assert.equal(sync.pending, false);
  assert.deepEqual(
    sync.view().blocks.map((block) => block.id),
    ['b1'],
  );
});

test('a rebased request keeps the ops on blocks it adds itself', () => {
  const button = newBlock(blank, 'button', 'b9', 0, 0);
  const ops = [
    { op: 'addBlock', block: button },
    { op: 'updateBlock', blockId: 'b9', content: { text: 'Buy' } },
    { op: 'deleteBlock', blockId: 'gone' },
  ];

  assert.deepEqual(rebase(blank, ops), ops.slice(0, 2));
});

test('a rebased request drops a second subject line', () => {
  const theirs = normalize(canvas(4, [newBlock(blank, 'subject', 's1', 0, 0)]));

  assert.deepEqual(rebase(theirs, [{ op: 'addBlock', block: newBlock(blank, 'subject', 's2', 0, 0) }]), []);
});

test('a conflict whose changes hold the request itself counts it as done', () => {
  const sync = new CanvasSync(canvas(3), ids());
  sync.edit([{ op: 'addBlock', block: heading }]);

  const resent = sync.onConflict({ code: 'conflict', id: 'op-1', version: 4, since: [applied(4, [put(heading)], 'op-1').data] });

  assert.equal(resent, null);
  assert.equal(sync.pending, false);
  assert.equal(sync.view().blocks.length, 1);
});

test('a conflict that cannot say what changed asks for a reload, then rebases on the canvas', () => {
  const sync = new CanvasSync(canvas(3, [heading, text]), ids());
  sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 7, y: 7 }]);
  sync.edit([{ op: 'moveBlock', blockId: 'b2', x: 8, y: 8 }]);

  assert.equal(sync.onConflict({ code: 'conflict', id: 'op-1', version: 250, since: null }), null);
  assert.equal(sync.reloadNeeded, true);
  const resent = sync.reload(canvas(250, [text]));

  assert.equal(resent.baseVersion, 250);
  assert.deepEqual(resent.ops, [{ op: 'moveBlock', blockId: 'b2', x: 8, y: 8 }]);
  assert.equal(sync.reloadNeeded, false);
});

test('after a reconnection resends the request that was out, with its id', () => {
  const sync = new CanvasSync(canvas(3, [heading]), ids());
  const first = sync.edit([{ op: 'deleteBlock', blockId: 'b1' }]);

  assert.deepEqual(sync.onReconnect(), first);
});

test('an event that is the request out, after a lost ack, frees the next request', () => {
  const sync = new CanvasSync(canvas(3, [heading]), ids());
  sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 9, y: 9 }]);
  sync.edit([{ op: 'updateBlock', blockId: 'b1', content: { text: 'next' } }]);

  sync.onEvent(applied(4, [put({ ...heading, x: 9, y: 9 })], 'op-1'));
  const next = sync.next();

  assert.equal(next.baseVersion, 4);
  assert.equal(next.ops[0].content.text, 'next');
});

test('a refused request is dropped and the next one goes out', () => {
  const sync = new CanvasSync(canvas(3, [heading]), ids());
  sync.edit([{ op: 'updateBlock', blockId: 'b1', content: { text: 'x'.repeat(10_001) } }]);
  sync.edit([{ op: 'moveBlock', blockId: 'b1', x: 2, y: 2 }]);

  const next = sync.onRejected({ code: 'invalid-request', id: 'op-1' });

  assert.deepEqual(next.ops, [{ op: 'moveBlock', blockId: 'b1', x: 2, y: 2 }]);
  assert.equal(sync.view().blocks[0].content.text, 'Heading');
});

test('an event that makes no version, such as TaskAsked, leaves the document alone', () => {
  const sync = new CanvasSync(canvas(3), ids());

  assert.equal(sync.onEvent({ type: 'TaskAsked', data: { taskId: 'k1', blockId: 'b1' } }), false);
  assert.equal(sync.edit([{ op: 'undo' }]).baseVersion, 3);
});
