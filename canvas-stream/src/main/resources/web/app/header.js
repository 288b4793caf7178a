/** The bar at the top of every screen after sign-in: the brand, what the screen adds, who is signed in. */
import { h } from './dom.js';
import { session } from './session.js';

export function appHeader({ middle = [], end = [], signOut }) {
  return h(
    'header',
    { class: 'app-header' },
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Maily Canvas'),
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
