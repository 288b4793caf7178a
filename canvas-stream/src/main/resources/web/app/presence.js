/** Who is on the canvas now: an avatar per user in the colour their cursor has. */
import { h, replace } from './dom.js';

export class Presence {
  constructor() {
    this.element = h('ul', { class: 'presence', 'aria-label': 'On this canvas' });
  }

  render(users, self) {
    replace(
      this.element,
      users.map((user) => {
        const avatar = h(
          'li',
          { class: 'avatar', title: user.subject === self ? `${user.subject} (you)` : user.subject, dataset: { subject: user.subject } },
          initials(user.subject),
          h('span', { class: 'visually-hidden' }, user.subject === self ? ' (you)' : ''),
        );
        avatar.style.setProperty('--user-color', user.color ?? '#64748b');
        return avatar;
      }),
    );
  }
}

function initials(subject) {
  const parts = String(subject).split(/[^A-Za-z0-9]+/).filter(Boolean);
  return (parts.length > 1 ? parts[0][0] + parts[1][0] : String(subject).slice(0, 2)).toUpperCase();
}
