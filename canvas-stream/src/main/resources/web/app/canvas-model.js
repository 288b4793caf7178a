/**
 * The canvas document as the client holds it, the ops the user makes on it, and the changes the
 * server reports.
 *
 * Pure functions on plain objects (no DOM, no network), so the editor, the conflict rebase and the
 * Node unit tests share one reading. A canvas is {canvasId, title, version, blocks, layers}; a block
 * is {id, type, x, y, w, h, z, content: {text, src, alt, href}}; ops are the ones
 * `POST /canvases/{id}/ops` takes. Applying never mutates its input.
 */

/** The kinds of block the editor offers, in the order of its palette. */
export const BLOCK_TYPES = Object.freeze([
  'subject',
  'preheader',
  'heading',
  'text',
  'image',
  'button',
  'divider',
]);

/** The layers a canvas shows over its blocks, with their names in the UI. */
export const LAYERS = Object.freeze([
  { id: 'aiReasoning', label: 'AI reasoning' },
  { id: 'performance', label: 'Performance' },
  { id: 'trust', label: 'Trust' },
]);

/** The content fields of each block type: what `updateBlock` may change. */
export const CONTENT_FIELDS = Object.freeze({
  subject: ['text'],
  preheader: ['text'],
  heading: ['text'],
  text: ['text'],
  image: ['src', 'alt'],
  button: ['text', 'href'],
  divider: [],
});

/** An email has one subject line and one preheader: a canvas holds at most one block of each. */
export function isSingle(type) {
  return type === 'subject' || type === 'preheader';
}

const BLOCK_WIDTH = 560;
const HEIGHTS = { subject: 64, preheader: 56, heading: 72, text: 120, image: 200, button: 72, divider: 32 };
const TEXT = {
  subject: 'Subject line',
  preheader: 'Preview text shown in the inbox',
  heading: 'Heading',
  text: 'Write something your readers care about.',
  button: 'Call to action',
};

/** A new block of `type` at (x, y), in front of the others of `canvas`. */
export function newBlock(canvas, type, id, x, y) {
  if (!BLOCK_TYPES.includes(type)) {
    throw new Error(`unknown block type '${type}'`);
  }
  const z = canvas.blocks.reduce((top, block) => Math.max(top, block.z ?? 0), 0) + 1;
  const content = type in TEXT ? { text: TEXT[type] } : {};
  return { id, type, x: Math.round(x), y: Math.round(y), w: BLOCK_WIDTH, h: HEIGHTS[type], z, content };
}

/** The canvas as the server sends it, with what the editor needs filled in. */
export function normalize(canvas) {
  const layers = { ...defaultLayers() };
  for (const [name, layer] of Object.entries(canvas.layers ?? {})) {
    if (layer) layers[name] = layer;
  }
  return {
    ...canvas,
    blocks: (canvas.blocks ?? []).map(normalizeBlock),
    layers,
    version: canvas.version ?? 0,
  };
}

function normalizeBlock(block) {
  const content = {};
  for (const [field, value] of Object.entries(block.content ?? {})) {
    if (value !== null && value !== undefined) content[field] = value;
  }
  return { ...block, content };
}

function defaultLayers() {
  return Object.fromEntries(LAYERS.map((layer) => [layer.id, { visible: true, opacity: 1 }]));
}

/** The block with `id`, or undefined. */
export function findBlock(canvas, id) {
  return canvas.blocks.find((block) => block.id === id);
}

/** The id of the block `op` needs to exist, or undefined for ops that need none. */
export function requiredBlock(op) {
  return op.op === 'updateBlock' || op.op === 'moveBlock' || op.op === 'deleteBlock' ? op.blockId : undefined;
}

/**
 * Whether `op` must go to the server alone. Undo and redo are decided there, by what the author
 * did last, and come back as the changes they made.
 */
export function isHistoryOp(op) {
  return op.op === 'undo' || op.op === 'redo';
}

/** `canvas` with `ops` applied in order; an op the server would refuse changes nothing. */
export function applyOps(canvas, ops) {
  return ops.reduce(applyOp, canvas);
}

/** `canvas` with one op applied. */
function applyOp(canvas, op) {
  switch (op.op) {
    case 'addBlock':
      if (findBlock(canvas, op.block.id) || (isSingle(op.block.type) && canvas.blocks.some((b) => b.type === op.block.type))) {
        return canvas;
      }
      return { ...canvas, blocks: [...canvas.blocks, normalizeBlock(op.block)] };
    case 'updateBlock':
      return mapBlock(canvas, op.blockId, (block) => {
        const content = { ...block.content };
        for (const [field, value] of Object.entries(op.content ?? {})) {
          if (value === null) delete content[field];
          else content[field] = value;
        }
        return { ...block, content, w: op.w ?? block.w, h: op.h ?? block.h };
      });
    case 'moveBlock':
      return mapBlock(canvas, op.blockId, (block) => ({ ...block, x: op.x, y: op.y, z: op.z ?? block.z }));
    case 'deleteBlock':
      return { ...canvas, blocks: canvas.blocks.filter((block) => block.id !== op.blockId) };
    case 'setLayer': {
      const layer = { ...canvas.layers[op.layer] };
      if (op.visible !== undefined) layer.visible = op.visible;
      if (op.opacity !== undefined) layer.opacity = op.opacity;
      return { ...canvas, layers: { ...canvas.layers, [op.layer]: layer } };
    }
    default:
      return canvas;
  }
}

/**
 * `canvas` with the changes of one request applied, as the server reports them (`OpsApplied`'s
 * `changes`, a conflict's revisions): each touched block as it is now, or deleted, and each touched
 * layer. Undo and redo arrive the same way, so the client never has to know what they did.
 */
export function applyChanges(canvas, changes) {
  let blocks = canvas.blocks;
  for (const change of changes?.blocks ?? []) {
    const others = blocks.filter((block) => block.id !== change.blockId);
    if (change.deleted || !change.block) {
      blocks = others;
    } else {
      const block = normalizeBlock(change.block);
      const at = blocks.findIndex((existing) => existing.id === change.blockId);
      blocks = at < 0 ? [...blocks, block] : blocks.map((existing, i) => (i === at ? block : existing));
    }
  }
  const layers = { ...canvas.layers };
  for (const [name, layer] of Object.entries(changes?.layers ?? {})) {
    if (layer) layers[name] = layer;
  }
  return { ...canvas, blocks, layers };
}

function mapBlock(canvas, id, change) {
  if (!findBlock(canvas, id)) {
    return canvas;
  }
  return { ...canvas, blocks: canvas.blocks.map((block) => (block.id === id ? change(block) : block)) };
}
