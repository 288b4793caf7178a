/**
 * The canvas surface: blocks where the document puts them, moved by dragging or the arrow keys,
 * edited in place, the layers' badges over them, and the other users' cursors. It reports what the
 * user does through callbacks and draws what it is given; it holds no document of its own.
 */
import { findingsOf } from './task-tracker.js';
import { h } from './dom.js';

const STAGE_WIDTH = 1400;
const MIN_STAGE_HEIGHT = 1600;
const TEXT_TYPES = new Set(['subject', 'preheader', 'heading', 'text', 'button']);
const SINGLE_LINE = new Set(['subject', 'preheader', 'heading', 'button']);
const KEY_STEP = 8;
const BLOCK_GAP = 16;
// Above every block while dragged; the move then brings it to the front for good.
const DRAGGED_Z = 1_000_000;
const KEY_STEP_LARGE = 40;
const SEVERITY_RANK = { info: 0, warning: 1, error: 2, critical: 3 };

/** A block type's name as the UI shows it. */
export function typeName(type) {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

export class Stage {
  /**
   * @param callbacks {onSelect(id|null), onMove(id, x, y), onNudge(id, dx, dy), onEdit(id,
   *     content), onDelete(id), onCursor(x, y, blockId), readOnly}
   */
  constructor(callbacks) {
    this.callbacks = callbacks;
    this.zoom = 1;
    this.blocks = new Map();
    this.cursors = new Map();
    this.editing = null;
    this.dragging = null;
    this.surface = h('div', {
      class: 'stage',
      role: 'region',
      'aria-label': 'Canvas',
      onpointermove: (event) => this.onPointerMove(event),
      onpointerdown: (event) => {
        if (event.target === this.surface) this.callbacks.onSelect(null);
      },
    });
    this.sizer = h('div', { class: 'stage-sizer' }, this.surface);
    this.element = h('div', { class: 'viewport', tabindex: '-1' }, this.sizer);
    this.applyZoom();
  }

  /** Draws `canvas`'s blocks and the layers over them. */
  render(canvas, { selectedId, tracker, layerData, drafts }) {
    const seen = new Set();
    let bottom = 0;
    for (const block of canvas.blocks) {
      seen.add(block.id);
      let element = this.blocks.get(block.id);
      if (!element) {
        element = this.createBlock(block);
        this.blocks.set(block.id, element);
        this.surface.append(element);
      }
      this.updateBlock(element, block, block.id === selectedId);
      this.updateBadges(element, block, canvas.layers, tracker, layerData, drafts);
      bottom = Math.max(bottom, block.y + element.offsetHeight);
    }
    for (const [id, element] of this.blocks) {
      if (!seen.has(id)) {
        element.remove();
        this.blocks.delete(id);
      }
    }
    this.height = Math.max(MIN_STAGE_HEIGHT, bottom + 400);
    this.applyZoom();
  }

  createBlock(block) {
    const element = h('div', {
      class: ['block', `type-${block.type}`],
      tabindex: '0',
      role: 'group',
      'aria-roledescription': 'block',
      dataset: { blockId: block.id, type: block.type },
      onpointerdown: (event) => this.onBlockPointerDown(event, element),
      onkeydown: (event) => this.onBlockKey(event, element),
      ondblclick: () => this.startEditing(element),
      onfocus: () => {
        if (!this.dragging) this.callbacks.onSelect(element.dataset.blockId);
      },
    });
    element.append(h('div', { class: 'block-body' }), h('div', { class: 'block-layers', 'aria-live': 'polite' }));
    return element;
  }

  updateBlock(element, block, selected) {
    element.classList.toggle('selected', selected);
    element.block = block;
    if (this.dragging?.element !== element) {
      element.style.left = `${block.x}px`;
      element.style.top = `${block.y}px`;
    }
    element.style.width = `${block.w}px`;
    element.style.minHeight = `${block.h}px`;
    element.style.zIndex = String(block.z ?? 0);
    const text = block.content.text;
    element.setAttribute('aria-label', `${typeName(block.type)}${text ? `: ${text}` : ''}`);
    if (this.editing?.element === element) return;
    const body = element.querySelector('.block-body');
    const key = JSON.stringify([block.type, block.content]);
    if (body.dataset.key === key) return;
    body.dataset.key = key;
    body.replaceChildren(...blockContent(block));
  }

  updateBadges(element, block, layers, tracker, layerData, drafts) {
    const badges = [
      reasoningBadge(tracker.tasksOf(block.id), drafts),
      dataBadge('performance', layerData.performance.get(block.id)),
      dataBadge('trust', layerData.trust.get(block.id)),
    ];
    const container = element.querySelector('.block-layers');
    container.replaceChildren(
      ...badges.filter(Boolean).map((badge) => {
        const layer = layers[badge.layer] ?? { visible: true, opacity: 1 };
        badge.element.hidden = !layer.visible;
        badge.element.style.opacity = String(layer.opacity ?? 1);
        return badge.element;
      }),
    );
  }

  // ---- moving ----

  onBlockPointerDown(event, element) {
    if (event.button !== 0 || this.editing?.element === element || event.target.closest('.block-layers')) return;
    this.callbacks.onSelect(element.dataset.blockId);
    if (this.callbacks.readOnly) return;
    event.preventDefault();
    element.focus({ preventScroll: true });
    element.setPointerCapture(event.pointerId);
    const block = element.block;
    this.dragging = { element, startX: event.clientX, startY: event.clientY, x: block.x, y: block.y, moved: false };
    const move = (moveEvent) => {
      const drag = this.dragging;
      const dx = (moveEvent.clientX - drag.startX) / this.zoom;
      const dy = (moveEvent.clientY - drag.startY) / this.zoom;
      drag.moved ||= Math.abs(dx) + Math.abs(dy) > 2;
      drag.x = Math.max(0, Math.round(block.x + dx));
      drag.y = Math.max(0, Math.round(block.y + dy));
      element.style.left = `${drag.x}px`;
      element.style.top = `${drag.y}px`;
      element.style.zIndex = String(DRAGGED_Z);
      element.classList.add('dragging');
    };
    const end = () => {
      element.removeEventListener('pointermove', move);
      element.removeEventListener('pointerup', end);
      element.removeEventListener('pointercancel', end);
      element.classList.remove('dragging');
      const drag = this.dragging;
      this.dragging = null;
      if (drag.moved) this.callbacks.onMove(element.dataset.blockId, drag.x, drag.y);
    };
    element.addEventListener('pointermove', move);
    element.addEventListener('pointerup', end);
    element.addEventListener('pointercancel', end);
  }

  onBlockKey(event, element) {
    if (this.editing?.element === element || event.target !== element) return;
    const id = element.dataset.blockId;
    const step = event.shiftKey ? KEY_STEP_LARGE : KEY_STEP;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key in moves && !this.callbacks.readOnly) {
      event.preventDefault();
      const [dx, dy] = moves[event.key];
      this.callbacks.onNudge(id, dx, dy);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && !this.callbacks.readOnly) {
      event.preventDefault();
      this.callbacks.onDelete(id);
    } else if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault();
      this.startEditing(element);
    } else if (event.key === 'Escape') {
      this.callbacks.onSelect(null);
      element.blur();
    }
  }

  // ---- editing in place ----

  startEditing(element) {
    const block = element.block;
    const text = element.querySelector('.block-text');
    if (this.callbacks.readOnly || !TEXT_TYPES.has(block.type) || !text) return;
    const original = block.content.text ?? '';
    this.editing = { element };
    try {
      text.contentEditable = 'plaintext-only';
    } catch {
      text.contentEditable = 'true';
    }
    text.setAttribute('role', 'textbox');
    text.setAttribute('aria-label', `${typeName(block.type)} text`);
    if (!SINGLE_LINE.has(block.type)) text.setAttribute('aria-multiline', 'true');
    element.classList.add('editing');
    text.focus();
    const range = document.createRange();
    range.selectNodeContents(text);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);

    const finish = (commit) => {
      text.removeEventListener('keydown', onKey);
      text.removeEventListener('blur', onBlur);
      text.contentEditable = 'false';
      text.removeAttribute('role');
      element.classList.remove('editing');
      const edited = SINGLE_LINE.has(block.type) ? text.innerText.replace(/\s+/g, ' ').trim() : text.innerText.trim();
      this.editing = null;
      if (commit && edited !== original) {
        this.callbacks.onEdit(block.id, { text: edited || null });
      } else {
        text.textContent = original;
      }
    };
    const onKey = (event) => {
      event.stopPropagation();
      if (event.key === 'Escape') {
        event.preventDefault();
        finish(false);
        element.focus();
      } else if (event.key === 'Enter' && (SINGLE_LINE.has(block.type) || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        finish(true);
        element.focus();
      }
    };
    const onBlur = () => finish(true);
    text.addEventListener('keydown', onKey);
    text.addEventListener('blur', onBlur);
  }

  focusBlock(id) {
    this.blocks.get(id)?.focus({ preventScroll: false });
  }

  // ---- cursors ----

  onPointerMove(event) {
    const rect = this.surface.getBoundingClientRect();
    const x = Math.round((event.clientX - rect.left) / this.zoom);
    const y = Math.round((event.clientY - rect.top) / this.zoom);
    const block = event.target.closest?.('.block');
    this.callbacks.onCursor(x, y, block?.dataset.blockId);
  }

  /** Shows the cursor of another session, `from`, of user `subject`, at (x, y) on the canvas. */
  showCursor(from, subject, color, x, y) {
    let cursor = this.cursors.get(from);
    if (!cursor) {
      cursor = h(
        'div',
        { class: 'remote-cursor', dataset: { from, subject }, 'aria-hidden': 'true' },
        h('span', { class: 'remote-cursor-pointer' }),
        h('span', { class: 'remote-cursor-name' }, subject),
      );
      this.cursors.set(from, cursor);
      this.surface.append(cursor);
    }
    cursor.style.setProperty('--user-color', color ?? '#6366f1');
    cursor.style.left = `${x}px`;
    cursor.style.top = `${y}px`;
  }

  /** Removes the cursors of the sessions not in `present`. */
  keepCursors(present) {
    for (const [from, cursor] of this.cursors) {
      if (!present.has(from)) {
        cursor.remove();
        this.cursors.delete(from);
      }
    }
  }

  // ---- zoom ----

  setZoom(zoom) {
    this.zoom = zoom;
    this.applyZoom();
  }

  applyZoom() {
    const height = this.height ?? MIN_STAGE_HEIGHT;
    this.surface.style.width = `${STAGE_WIDTH}px`;
    this.surface.style.height = `${height}px`;
    this.surface.style.transform = `scale(${this.zoom})`;
    this.sizer.style.width = `${STAGE_WIDTH * this.zoom}px`;
    this.sizer.style.height = `${height * this.zoom}px`;
  }

  /**
   * Where a new block goes: under the lowest block, in line with it, as the next part of the email
   * (in canvas coordinates).
   */
  insertionPoint(blocks) {
    let lowest = null;
    for (const block of blocks) {
      const bottom = block.y + Math.max(block.h, this.blocks.get(block.id)?.offsetHeight ?? 0);
      if (!lowest || bottom > lowest.bottom) lowest = { x: block.x, bottom };
    }
    return lowest ? { x: lowest.x, y: lowest.bottom + BLOCK_GAP } : { x: 80, y: 60 };
  }
}

function blockContent(block) {
  const { text: words, src, alt } = block.content;
  const text = () => h('span', { class: 'block-text' }, words ?? '');
  switch (block.type) {
    case 'subject':
      return [h('span', { class: 'block-kicker' }, 'Subject'), text()];
    case 'preheader':
      return [h('span', { class: 'block-kicker' }, 'Preheader'), text()];
    case 'button':
      return [h('span', { class: 'block-button' }, text())];
    case 'image':
      return [
        src
          ? h('img', { src, alt: alt ?? '', draggable: 'false' })
          : h('span', { class: 'image-placeholder' }, 'Image — set its address in the inspector'),
      ];
    case 'divider':
      return [h('hr')];
    default:
      return [text()];
  }
}

function reasoningBadge(tasks, drafts) {
  if (tasks.length === 0) return null;
  const task = tasks[tasks.length - 1];
  const steps = [...task.steps.values()].filter((step) => step.kind !== 'approval');
  const running = steps.some((step) => step.status === 'RUNNING') || task.status === 'PENDING';
  const findings = steps.flatMap((step) => findingsOf(step.output));
  const worst = findings.reduce((rank, f) => Math.max(rank, SEVERITY_RANK[f.severity] ?? 0), -1);
  const score = steps.map((step) => step.output?.score).find((value) => typeof value === 'number');
  let text;
  if (task.status === 'AWAITING_APPROVAL') text = 'Awaiting approval';
  else if (running) text = drafts.has(task.taskId) ? 'Agent writing…' : 'Agent working…';
  else if (task.status === 'FAILED') text = 'Agent failed';
  else {
    const parts = [];
    if (score !== undefined) parts.push(`${score}/10`);
    parts.push(`${findings.length} finding${findings.length === 1 ? '' : 's'}`);
    text = parts.join(' · ');
  }
  const severity = ['info', 'warning', 'error', 'critical'][worst] ?? 'ok';
  return {
    layer: 'aiReasoning',
    element: h(
      'span',
      { class: ['layer-badge', 'layer-aiReasoning', running && 'running', `severity-${severity}`], title: 'AI reasoning' },
      text,
    ),
  };
}

function dataBadge(layer, data) {
  if (!data) return null;
  return { layer, element: h('span', { class: ['layer-badge', `layer-${layer}`], title: layer }, summarize(data)) };
}

/** A layer's data in a few words: its label or status, else its first values. */
function summarize(data) {
  if (typeof data !== 'object' || data === null) return String(data);
  if (data.label) return String(data.label);
  if (data.status) return String(data.status);
  return Object.entries(data)
    .slice(0, 2)
    .map(([key, value]) => `${key} ${typeof value === 'number' ? Math.round(value * 100) / 100 : value}`)
    .join(' · ');
}
