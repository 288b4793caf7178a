/**
 * The canvas editor: connects the live stream of one canvas to its parts — the stage, the block
 * inspector, the layers, the timeline, the mesh view and the presence bar — and turns what the user
 * does into canvas ops, asks and approvals over the socket.
 */
import { api } from './api.js';
import { BLOCK_TYPES, findBlock, isSingle, newBlock } from './canvas-model.js';
import { CanvasSync } from './canvas-sync.js';
import { h, newId, replace, toast } from './dom.js';
import { appHeader, showConnection } from './header.js';
import { Inspector } from './inspector.js';
import { LayersPanel } from './layers-panel.js';
import { LiveClient } from './live-client.js';
import { MeshView } from './mesh-view.js';
import { Presence } from './presence.js';
import { session } from './session.js';
import { Stage, typeName } from './stage.js';
import { TaskTracker, taskIdOf } from './task-tracker.js';
import { Timeline } from './timeline.js';

const ZOOMS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2];
const CURSOR_INTERVAL_MS = 50;

function socketUrl(canvasId) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws/canvas/${encodeURIComponent(canvasId)}`;
}

/** Opens canvas `canvasId` in `root`; returns the function that closes it. */
export function openEditor(root, canvasId, { signOut }) {
  const readOnly = !session.canEdit();
  const tracker = new TaskTracker();
  const layerData = { performance: new Map(), trust: new Map() };
  const drafts = new Map();
  const requests = new Map();
  let sync = null;
  let selectedId = null;
  let taskVersion = 0;
  let agents = [];
  let playbooks = [];
  let presence = [];
  let zoomIndex = ZOOMS.indexOf(1);
  let lastCursor = 0;
  let renderPending = false;

  const live = new LiveClient({ url: socketUrl(canvasId), token: session.token(), WebSocket });

  // ---- what the user does ----

  function edit(ops) {
    if (!sync || readOnly) return;
    const message = sync.edit(ops);
    if (message) live.send(message);
    render();
  }

  /** Moves a block, and brings it in front of the blocks it may now cover. */
  function move(id, x, y) {
    const blocks = sync?.view().blocks ?? [];
    const block = blocks.find((b) => b.id === id);
    const top = blocks.reduce((z, b) => (b.id === id ? z : Math.max(z, b.z ?? 0)), 0);
    const op = { op: 'moveBlock', blockId: id, x, y };
    if (block && (block.z ?? 0) <= top) op.z = top + 1;
    edit([op]);
  }

  function select(id) {
    if (selectedId === id) return;
    selectedId = id;
    render();
  }

  function addBlock(type) {
    if (!sync) return;
    const id = newId();
    const view = sync.view();
    const { x, y } = stage.insertionPoint(view.blocks);
    edit([{ op: 'addBlock', block: newBlock(view, type, id, x, y) }]);
    selectedId = id;
    // Drawn at once, so that the keys typed next go to the new block.
    renderPending = false;
    draw();
    stage.focusBlock(id);
  }

  function request(message, done) {
    const id = newId();
    if (!live.send({ ...message, id })) {
      toast('Not connected: try again when the canvas is live.', 'error');
      return;
    }
    requests.set(id, done);
  }

  function ask(blockId, target) {
    const name = target.agent ?? target.playbook;
    request({ type: 'ask', blockId, ...target }, (ack) => {
      tracker.asked(ack.taskId, blockId, target);
      taskVersion++;
      toast(`Asked ${name}.`);
      render();
    });
  }

  function decide(taskId, stepId, decision, comment) {
    const message = { type: 'approve', taskId, stepId, decision };
    if (comment) message.comment = comment;
    request(message, () => toast(decision === 'approve' ? `Approved ${stepId}.` : `Rejected ${stepId}.`));
  }

  function sendCursor(x, y, blockId) {
    const now = Date.now();
    if (now - lastCursor < CURSOR_INTERVAL_MS) return;
    lastCursor = now;
    const message = { type: 'cursor', x, y };
    if (blockId) message.blockId = blockId;
    live.send(message);
  }

  function zoom(step) {
    zoomIndex = Math.min(ZOOMS.length - 1, Math.max(0, step === 0 ? ZOOMS.indexOf(1) : zoomIndex + step));
    stage.setZoom(ZOOMS[zoomIndex]);
    zoomLabel.textContent = `${Math.round(ZOOMS[zoomIndex] * 100)}%`;
  }

  // ---- the parts ----

  const stage = new Stage({
    readOnly,
    onSelect: select,
    onMove: move,
    onNudge: (id, dx, dy) => {
      // From the document as it is now: keys repeat faster than the stage is drawn.
      const block = sync && findBlock(sync.view(), id);
      if (block) move(id, Math.max(0, block.x + dx), Math.max(0, block.y + dy));
    },
    onEdit: (id, content) => edit([{ op: 'updateBlock', blockId: id, content }]),
    onDelete: (id) => {
      edit([{ op: 'deleteBlock', blockId: id }]);
      selectedId = null;
      stage.element.focus();
    },
    onCursor: sendCursor,
  });
  const inspector = new Inspector(
    {
      onEdit: (id, content) => edit([{ op: 'updateBlock', blockId: id, content }]),
      onDelete: (id) => {
        edit([{ op: 'deleteBlock', blockId: id }]);
        selectedId = null;
      },
      onAsk: ask,
      onDecide: decide,
    },
    readOnly,
  );
  const timeline = new Timeline(
    {
      onDecide: decide,
      onSelect: (id) => {
        select(id);
        stage.focusBlock(id);
      },
    },
    readOnly,
  );
  const mesh = new MeshView();
  const layers = new LayersPanel((layer, change) => edit([{ op: 'setLayer', layer, ...change }]), readOnly);
  const presenceView = new Presence();
  const title = h('h1', { class: 'canvas-title' }, 'Opening canvas…');
  const connection = h('span', { class: 'connection', role: 'status', 'aria-live': 'polite' });
  const zoomLabel = h('span', { class: 'zoom-label', 'aria-live': 'polite' }, '100%');
  const undo = h('button', { type: 'button', class: 'tool', title: 'Undo (Ctrl+Z)', onclick: () => edit([{ op: 'undo' }]) }, 'Undo');
  const redo = h('button', { type: 'button', class: 'tool', title: 'Redo (Ctrl+Shift+Z)', onclick: () => edit([{ op: 'redo' }]) }, 'Redo');
  const notice = h('div', { class: 'stage-notice', role: 'status' }, 'Connecting to the canvas…');
  const palette = BLOCK_TYPES.map((type) =>
    h(
      'button',
      { type: 'button', class: ['palette-item', `palette-${type}`], disabled: readOnly, dataset: { type }, onclick: () => addBlock(type) },
      typeName(type),
    ),
  );

  const tabs = tabPanels([
    { id: 'inspector', label: 'Block', panel: inspector.element },
    { id: 'timeline', label: 'Timeline', panel: timeline.element },
    { id: 'mesh', label: 'Mesh', panel: mesh.element },
  ], (id) => {
    mesh.setVisible(id === 'mesh');
    render();
  });

  replace(
    root,
    h(
      'div',
      { class: 'editor' },
      appHeader({ middle: [title, connection], end: [presenceView.element], signOut }),
      h(
        'main',
        { class: 'editor-body' },
        h(
          'aside',
          { class: 'left-panel', 'aria-label': 'Blocks and layers' },
          h(
            'section',
            { class: 'panel-section', 'aria-labelledby': 'palette-title' },
            h('h2', { id: 'palette-title' }, 'Add a block'),
            h(
              'div',
              { class: 'palette' },
              palette,
            ),
          ),
          layers.element,
          h(
            'section',
            { class: 'panel-section shortcuts', 'aria-labelledby': 'keys-title' },
            h('h2', { id: 'keys-title' }, 'Keys'),
            h(
              'dl',
              {},
              [
                ['Tab', 'next block'],
                ['Arrows', 'move (Shift: faster)'],
                ['Enter', 'edit text'],
                ['Delete', 'remove block'],
                ['Ctrl+Z', 'undo'],
                ['Ctrl+Shift+Z', 'redo'],
                ['+ / − / 0', 'zoom'],
              ].map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)]),
            ),
          ),
        ),
        h(
          'section',
          { class: 'canvas-area', 'aria-label': 'Canvas editor' },
          h(
            'div',
            { class: 'toolbar', role: 'toolbar', 'aria-label': 'Canvas tools' },
            undo,
            redo,
            h('span', { class: 'toolbar-gap' }),
            h('button', { type: 'button', class: 'tool', 'aria-label': 'Zoom out', onclick: () => zoom(-1) }, '−'),
            zoomLabel,
            h('button', { type: 'button', class: 'tool', 'aria-label': 'Zoom in', onclick: () => zoom(1) }, '+'),
          ),
          h('div', { class: 'stage-frame' }, stage.element, notice),
        ),
        h('aside', { class: 'right-panel', 'aria-label': 'Details' }, tabs.element),
      ),
    ),
  );

  // ---- drawing ----

  function render() {
    if (renderPending) return;
    renderPending = true;
    const run = () => {
      if (!renderPending) return;
      renderPending = false;
      draw();
    };
    requestAnimationFrame(run);
    setTimeout(run, 100);
  }

  function draw() {
    showConnection(connection, live.state);
    presenceView.render(presence);
    if (!sync) return;
    notice.hidden = true;
    const view = sync.view();
    title.textContent = view.title || 'Untitled canvas';
    document.title = `${view.title || 'Canvas'} · Maily Canvas`;
    if (selectedId && !findBlock(view, selectedId)) selectedId = null;
    stage.render(view, { selectedId, tracker, layerData, drafts });
    layers.render(view.layers);
    inspector.render({
      block: selectedId ? findBlock(view, selectedId) : null,
      tracker,
      taskVersion,
      drafts,
      agents,
      playbooks,
      live: live.state === 'live',
    });
    timeline.render(tracker, taskVersion, view.blocks);
    mesh.render(tracker);
    undo.disabled = redo.disabled = readOnly;
    for (const button of palette) {
      // An email has one subject and one preheader.
      const type = button.dataset.type;
      button.disabled = readOnly || (isSingle(type) && view.blocks.some((block) => block.type === type));
    }
  }

  // ---- the stream ----

  function send(message) {
    if (message) live.send(message);
  }

  live.on('state', (state) => {
    if (state === 'unauthorized') {
      toast('Your session has ended: sign in again.', 'error');
      signOut();
      return;
    }
    if (state === 'not-found' || state === 'forbidden') {
      notice.hidden = false;
      replace(notice, state === 'not-found' ? 'There is no such canvas. ' : 'You may not open this canvas. ', h('a', { href: '#/' }, 'Back to the canvases'));
    }
    if (state === 'reconnecting' && live.failures >= 3) {
      // A refused upgrade looks like a lost connection to a browser: ask REST about the token.
      api.check(session.token()).catch(() => {});
    }
    render();
  });
  live.on('open', () => {
    // Acks of asks and approvals sent on the lost connection are lost with it; their events are not.
    requests.clear();
    if (sync) send(sync.onReconnect());
    render();
  });
  live.on('snapshot', (message) => {
    if (!message.canvas) return;
    if (sync) sync.load(message.canvas);
    else sync = new CanvasSync(message.canvas, newId);
    for (const asked of message.canvas.asks ?? []) tracker.asked(asked.taskId, asked.blockId, asked);
    taskVersion++;
    render();
  });
  live.on('event', ({ pid, event }) => {
    const taskId = taskIdOf(pid);
    if (taskId) {
      tracker.onTaskEvent(taskId, event);
      drafts.delete(taskId);
      taskVersion++;
    } else if (sync) {
      sync.onEvent(event);
      if (tracker.onCanvasEvent(event)) taskVersion++;
      send(sync.next());
    }
    render();
  });
  live.on('ack', (ack) => {
    const done = requests.get(ack.id);
    if (done) {
      requests.delete(ack.id);
      done(ack);
    } else if (sync) {
      send(sync.onAck(ack));
      render();
    }
  });
  live.on('error', (error) => {
    if (error.code === 'conflict' && sync) {
      send(sync.onConflict(error));
      if (sync.reloadNeeded) reload();
    } else if (requests.has(error.id)) {
      requests.delete(error.id);
      toast(error.message, 'error');
    } else if (sync?.owns(error.id)) {
      toast(`Your change was refused: ${error.message}`, 'error');
      send(sync.onRejected(error));
    } else {
      toast(error.message ?? 'The server reported an error.', 'error');
    }
    render();
  });
  live.on('presence', (message) => {
    presence = message.users ?? [];
    stage.keepCursors(new Set(presence.map((user) => user.session)));
    render();
  });
  live.on('cursor', (cursor) =>
    stage.showCursor(cursor.from, cursor.subject ?? cursor.from, cursor.color, cursor.x, cursor.y),
  );
  live.on('draft', (draft) => {
    drafts.set(draft.data?.taskId ?? draft.from, draft.data);
    taskVersion++;
    render();
  });
  live.on('layer', (message) => {
    layerData[message.layer]?.set(message.blockId, message.data);
    render();
  });

  /** Fetches the canvas when a conflict could not say what changed, and sends the rebased request. */
  function reload() {
    api
      .get(`/canvases/${encodeURIComponent(canvasId)}`)
      .then((canvas) => {
        send(sync.reload(canvas));
        render();
      })
      .catch((failure) => toast(`Could not reload the canvas: ${failure.message}`, 'error'));
  }

  // ---- keys ----

  function onKey(event) {
    if (typesText(event.target)) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      edit([{ op: event.shiftKey ? 'redo' : 'undo' }]);
    } else if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      edit([{ op: 'redo' }]);
    } else if (!mod && (event.key === '+' || event.key === '=')) {
      zoom(1);
    } else if (!mod && event.key === '-') {
      zoom(-1);
    } else if (!mod && event.key === '0') {
      zoom(0);
    }
  }
  function onWheel(event) {
    if (!event.ctrlKey) return;
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1 : -1);
  }
  document.addEventListener('keydown', onKey);
  stage.element.addEventListener('wheel', onWheel, { passive: false });

  Promise.all([api.get('/agents'), api.get('/playbooks')])
    .then(([agentList, playbookList]) => {
      agents = agentList?.agents ?? [];
      playbooks = playbookList?.playbooks ?? [];
      mesh.setAgents(agents);
      render();
    })
    .catch((failure) => toast(`Could not load the agents: ${failure.message}`, 'error'));

  live.start();
  render();

  return () => {
    live.stop();
    mesh.stop();
    document.removeEventListener('keydown', onKey);
  };
}

/** Whether keys typed in `element` are text, which the editor's shortcuts must leave alone. */
function typesText(element) {
  if (element.isContentEditable || element.closest?.('textarea, select')) return true;
  return element.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'button', 'submit'].includes(element.type);
}

/** Tabs as the WAI-ARIA pattern has them: arrow keys move between tabs, one panel shows. */
function tabPanels(tabs, onShow) {
  const buttons = tabs.map((tab, index) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `tab-${tab.id}`,
        'aria-controls': `panel-${tab.id}`,
        'aria-selected': String(index === 0),
        tabindex: index === 0 ? '0' : '-1',
        onclick: () => show(index),
        onkeydown: (event) => {
          const moves = { ArrowRight: 1, ArrowLeft: -1 };
          if (event.key in moves) {
            const next = (index + moves[event.key] + tabs.length) % tabs.length;
            show(next);
            buttons[next].focus();
          }
        },
      },
      tab.label,
    ),
  );
  const panels = tabs.map((tab, index) =>
    h('div', { role: 'tabpanel', id: `panel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, class: 'tab-panel', hidden: index !== 0 }, tab.panel),
  );
  function show(selected) {
    buttons.forEach((button, index) => {
      button.setAttribute('aria-selected', String(index === selected));
      button.tabIndex = index === selected ? 0 : -1;
      panels[index].hidden = index !== selected;
    });
    onShow(tabs[selected].id);
  }
  return { element: h('div', { class: 'tabs' }, h('div', { role: 'tablist', class: 'tablist', 'aria-label': 'Details' }, buttons), panels) };
}
