/**
 * The canvas web app: routes between sign-in, the canvas list and the editor by the URL's hash
 * (`#/`, `#/canvas/{id}`), so links and the back button work without a server-side router; the
 * analytics dashboard is the page at `/analytics`.
 */
import { showAnalytics } from './analytics-dashboard.js';
import { whenUnauthorized } from './api.js';
import { showCanvasList } from './canvas-list.js';
import { replace, toast } from './dom.js';
import { openEditor } from './editor.js';
import { session } from './session.js';
import { showSignIn } from './sign-in.js';

const root = document.getElementById('app');
let closeScreen = () => {};

function route() {
  closeScreen();
  closeScreen = () => {};
  replace(root);
  if (!session.token()) {
    showSignIn(root, () => route());
    return;
  }
  const match = /^#\/canvas\/([^/]+)$/.exec(location.hash);
  if (location.pathname === '/analytics') {
    closeScreen = showAnalytics(root, { signOut });
  } else if (match) {
    closeScreen = openEditor(root, decodeURIComponent(match[1]), { signOut });
  } else {
    showCanvasList(root, { signOut });
  }
}

function signOut() {
  session.signOut();
  location.hash = '#/';
  route();
}

whenUnauthorized(() => {
  toast('Your session has ended: sign in again.', 'error');
  signOut();
});
window.addEventListener('hashchange', route);
route();
