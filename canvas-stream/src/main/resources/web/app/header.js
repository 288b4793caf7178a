/**
 * The bar at the top of every screen after sign-in: the brand, the app's pages, what the screen
 * adds, who is signed in.
 */
import { h } from './dom.js';
import { session } from './session.js';

/** A live stream's states (live-client.js) as the header's connection badge shows them. */
const CONNECTION = {
  idle: ['Connecting…', 'pending'],
  connecting: ['Connecting…', 'pending'],
  live: ['Live', 'ok'],
  reconnecting: ['Reconnecting…', 'pending'],
  stopped: ['Offline', 'down'],
  unauthorized: ['Session expired', 'down'],
  forbidden: ['No access', 'down'],
  'not-found': ['Canvas not found', 'down'],
};

/** Shows a live stream's `state` in the connection badge `element`. */
export function showConnection(element, state) {
  const [label, tone] = CONNECTION[state] ?? [state, 'pending'];
  element.textContent = label;
  element.dataset.state = state;
  element.className = `connection connection-${tone}`;
}

export function appHeader({ middle = [], end = [], signOut }) {
  return h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'brand', href: '/#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Maily Canvas'),
    h(
      'nav',
      { class: 'app-nav', 'aria-label': 'Pages' },
      page('/#/', 'Canvases', location.pathname !== '/analytics'),
      page('/analytics', 'Analytics', location.pathname === '/analytics'),
    ),
    h('div', { class: 'header-middle' }, middle),
    h(
      'div',
      { class: 'header-end' },
      end,
      h(
        'span',
        { class: 'whoami', title: `tenant ${session.tenant()}` },
        session.subject(),
        session.canEdit() ? null : h('span', { class: 'chip' }, 'viewer'),
      ),
      h('button', { type: 'button', class: 'ghost', onclick: signOut }, 'Sign out'),
    ),
  );
}

function page(href, name, current) {
  return h('a', { class: 'app-nav-link', href, 'aria-current': current ? 'page' : false }, name);
}
