/**
 * The REST API (`/api/v1`) with the session's token. Errors come back as {@link ApiError} holding
 * the server's problem+json, so screens can show its `detail`.
 */
import { session } from './session.js';

/** A refused or failed request, with the problem the server described. */
class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `the server answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Called when the server refuses the token, so the app can ask for another. */
let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

async function request(method, path, body, token = session.token()) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, { detail: `the server cannot be reached (${error.message})` });
  }
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && token === session.token()) onUnauthorized();
    throw new ApiError(response.status, json);
  }
  return json;
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body ?? {}),
  /** Checks `token` without signing in with it: resolves when the server accepts it. */
  check: (token) => request('GET', '/agents', undefined, token),
};
