/**
 * Who is on the canvas now: an avatar per session (a person in two tabs shows twice), in the colour
 * their cursor has. The server names this client's session first.
 */
import { h, replace } from './dom.js';

export class Presence {
  constructor() {
    this.element = h('ul', { class: 'presence', 'aria-label': 'On this canvas' });
  }

  render(users) {
    replace(
      this.element,
      users.map((user, index) => {
        const you = index === 0 ? ' (you)' : '';
        const avatar = h(
          'li',
          { class: 'avatar', title: user.subject + you, dataset: { subject: user.subject, session: user.session } },
          initials(user.subject),
          h('span', { class: 'visually-hidden' }, you),
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
