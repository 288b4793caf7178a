/** The canvases of the signed-in tenant (`GET /canvases`, a page at a time): create one, open one. */
import { api } from './api.js';
import { h, replace, toast } from './dom.js';
import { appHeader } from './header.js';
import { session } from './session.js';

export function showCanvasList(root, { signOut }) {
  const list = h('ul', { class: 'canvas-list', 'aria-label': 'Canvases' });
  const more = h('button', { type: 'button', class: 'ghost', hidden: true }, 'Show more');
  const title = h('input', {
    id: 'new-canvas-title',
    name: 'title',
    required: true,
    maxlength: 200,
    placeholder: 'Spring sale newsletter',
    autocomplete: 'off',
  });
  const create = h('button', { type: 'submit', class: 'primary', disabled: !session.canEdit() }, 'Create canvas');

  async function onCreate(event) {
    event.preventDefault();
    create.disabled = true;
    try {
      const canvas = await api.post('/canvases', { title: title.value.trim() });
      location.hash = `#/canvas/${encodeURIComponent(canvas.canvasId)}`;
    } catch (failure) {
      toast(`Could not create the canvas: ${failure.message}`, 'error');
      create.disabled = false;
    }
  }

  async function load(after) {
    more.hidden = true;
    try {
      const page = await api.get(after === undefined ? '/canvases' : `/canvases?after=${after}`);
      const canvases = page?.canvases ?? [];
      if (after === undefined && canvases.length === 0) {
        replace(list, h('li', { class: 'empty' }, 'No canvases yet. Create the first one above.'));
      } else {
        list.append(...canvases.map(card));
      }
      if (page?.next !== undefined && page?.next !== null) {
        more.hidden = false;
        more.onclick = () => load(page.next);
      }
    } catch (failure) {
      toast(`Could not list the canvases: ${failure.message}`, 'error');
    }
  }

  replace(
    root,
    appHeader({ signOut }),
    h(
      'main',
      { class: 'page', 'aria-labelledby': 'canvases-title' },
      h('h1', { id: 'canvases-title' }, 'Canvases'),
      h(
        'form',
        { class: 'new-canvas', onsubmit: onCreate },
        h('label', { for: 'new-canvas-title' }, 'New canvas'),
        h('div', { class: 'inline-form' }, title, create),
      ),
      list,
      more,
    ),
  );
  title.focus();
  load();
}

function card(canvas) {
  const created = canvas.createdAt ? new Date(canvas.createdAt) : null;
  return h(
    'li',
    {},
    h(
      'a',
      { class: 'canvas-card', href: `#/canvas/${encodeURIComponent(canvas.canvasId)}` },
      h('span', { class: 'canvas-card-title' }, canvas.title || 'Untitled canvas'),
      h(
        'span',
        { class: 'canvas-card-meta' },
        [canvas.createdBy, created && `created ${created.toLocaleDateString()}`].filter(Boolean).join(' · '),
      ),
    ),
  );
}
