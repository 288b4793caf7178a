/**
 * Sign-in with an API token. In embedded mode the node prints a dev token at start; elsewhere the
 * token comes from the identity provider. The token is checked against the API before it is kept.
 */
import { api } from './api.js';
import { h, replace } from './dom.js';
import { session } from './session.js';

export function showSignIn(root, signedIn) {
  const error = h('p', { class: 'form-error', id: 'token-error', role: 'alert', hidden: true });
  const input = h('textarea', {
    id: 'token',
    name: 'token',
    rows: 5,
    required: true,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'eyJhbGciOi…',
    'aria-describedby': 'token-help token-error',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');

  async function onSubmit(event) {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    submit.disabled = true;
    error.hidden = true;
    try {
      await api.check(token);
      session.signIn(token);
      signedIn();
    } catch (failure) {
      error.textContent =
        failure.status === 401 ? 'The server does not accept this token.' : failure.message;
      error.hidden = false;
      submit.disabled = false;
      input.focus();
    }
  }

  replace(
    root,
    h(
      'main',
      { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
      h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Maily Canvas'),
      h('h1', { id: 'sign-in-title' }, 'Sign in'),
      h(
        'form',
        { onsubmit: onSubmit },
        h('label', { for: 'token' }, 'API token'),
        input,
        h(
          'p',
          { id: 'token-help', class: 'hint' },
          'Running a node on its embedded defaults? Paste the dev token it printed at start.',
        ),
        error,
        submit,
      ),
    ),
  );
  input.focus();
}
