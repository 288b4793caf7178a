import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyChanges, applyOps, newBlock, normalize } from '../../main/resources/web/app/canvas-model.js';

const empty = normalize({ canvasId: 'c1', title: 'Spring', version: 0, blocks: [] });

test('applies each kind of op without changing the canvas it was given', () => {
  const button = newBlock(empty, 'button', 'b1', 10.4, 20.6);

  const end = applyOps(empty, [
    { op: 'addBlock', block: button },
    { op: 'updateBlock', blockId: 'b1', content: { text: 'Shop now', href: 'https://acme.com' }, w: 300 },
    { op: 'moveBlock', blockId: 'b1', x: 40, y: 50 },
    { op: 'addBlock', block: newBlock(empty, 'divider', 'b2', 0, 0) },
    { op: 'deleteBlock', blockId: 'b2' },
    { op: 'setLayer', layer: 'trust', visible: false, opacity: 0.5 },
  ]);

  assert.deepEqual(end.blocks, [
    { id: 'b1', type: 'button', x: 40, y: 50, w: 300, h: 72, z: 1, content: { text: 'Shop now', href: 'https://acme.com' } },
  ]);
  assert.deepEqual(end.layers.trust, { visible: false, opacity: 0.5 });
  assert.deepEqual(empty.blocks, []);
  assert.equal(empty.layers.trust.visible, true);
});

test('a null content value clears the field', () => {
  const start = applyOps(empty, [{ op: 'addBlock', block: newBlock(empty, 'image', 'i1', 0, 0) }]);

  const end = applyOps(start, [
    { op: 'updateBlock', blockId: 'i1', content: { src: 'https://acme.com/a.png', alt: 'A' } },
    { op: 'updateBlock', blockId: 'i1', content: { alt: null } },
  ]);

  assert.deepEqual(end.blocks[0].content, { src: 'https://acme.com/a.png' });
});

test('a new block goes in front of the others', () => {
  const one = applyOps(empty, [{ op: 'addBlock', block: newBlock(empty, 'text', 't1', 0, 0) }]);

  assert.equal(newBlock(one, 'text', 't2', 0, 0).z, 2);
});

test('an op on a missing block, or a second subject, changes nothing', () => {
  const withSubject = applyOps(empty, [{ op: 'addBlock', block: newBlock(empty, 'subject', 's1', 0, 0) }]);

  assert.equal(applyOps(empty, [{ op: 'moveBlock', blockId: 'nope', x: 1, y: 1 }]), empty);
  assert.equal(applyOps(withSubject, [{ op: 'addBlock', block: newBlock(withSubject, 'subject', 's2', 0, 0) }]), withSubject);
});

test('refuses a block type the editor does not know', () => {
  assert.throws(() => newBlock(empty, 'video', 'b1', 0, 0), /unknown block type 'video'/);
});

test('applies the changes the server reports: blocks put by id or deleted, layers replaced', () => {
  const start = applyOps(empty, [
    { op: 'addBlock', block: newBlock(empty, 'heading', 'h1', 0, 0) },
    { op: 'addBlock', block: newBlock(empty, 'text', 't1', 0, 100) },
  ]);
  const moved = { ...start.blocks[0], x: 99, content: { text: 'Moved', src: null } };
  const added = { id: 'd1', type: 'divider', x: 0, y: 300, w: 560, h: 32, z: 3, content: {} };

  const end = applyChanges(start, {
    blocks: [
      { blockId: 'h1', block: moved, deleted: false },
      { blockId: 't1', block: null, deleted: true },
      { blockId: 'd1', block: added, deleted: false },
    ],
    layers: { aiReasoning: { visible: false, opacity: 0.4 }, performance: null },
  });

  assert.deepEqual(
    end.blocks.map((block) => [block.id, block.x, block.content.text]),
    [
      ['h1', 99, 'Moved'],
      ['d1', 0, undefined],
    ],
  );
  assert.deepEqual(end.blocks[0].content, { text: 'Moved' });
  assert.deepEqual(end.layers.aiReasoning, { visible: false, opacity: 0.4 });
  assert.deepEqual(end.layers.performance, { visible: true, opacity: 1 });
});

test('fills in the layers and content a server canvas leaves out', () => {
  const canvas = normalize({
    canvasId: 'c1',
    title: 't',
    version: 2,
    blocks: [{ id: 'b1', type: 'divider', x: 0, y: 0, w: 1, h: 1, z: 0, content: { text: null } }],
    layers: { trust: { visible: false, opacity: 1 }, performance: null },
  });

  assert.equal(canvas.layers.trust.visible, false);
  assert.equal(canvas.layers.aiReasoning.visible, true);
  assert.equal(canvas.layers.performance.visible, true);
  assert.deepEqual(canvas.blocks[0].content, {});
});
