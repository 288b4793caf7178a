/**
 * Who is signed in: the API token, kept in sessionStorage so it lives as long as the tab and no
 * longer, and what its claims say (for display and for hiding what the role may not do; the
 * server checks every request itself).
 */
const KEY = 'maily.token';
const EDITING_ROLES = new Set(['editor', 'admin']);

export const session = {
  token() {
    return sessionStorage.getItem(KEY);
  },

  signIn(token) {
    sessionStorage.setItem(KEY, token);
  },

  signOut() {
    sessionStorage.removeItem(KEY);
  },

  /** The token's claims (subject, tenant, roles, exp), or an empty object if it has none. */
  claims() {
    const token = this.token();
    if (!token) return {};
    try {
      const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const json = new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)));
      return JSON.parse(json);
    } catch {
      return {};
    }
  },

  subject() {
    return this.claims().sub ?? 'you';
  },

  tenant() {
    return this.claims().tenant ?? '';
  },

  /** Whether the token's roles allow changing canvases and asking agents. */
  canEdit() {
    const roles = this.claims().roles ?? [];
    return roles.some((role) => EDITING_ROLES.has(role));
  },
};
