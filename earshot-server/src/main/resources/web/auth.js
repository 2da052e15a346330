// Credentials. The page never holds a long-lived key unless the user pastes one, and never
// sends one over the WebSocket: every Start exchanges the key (or nothing, on a server with no
// keys) for a client secret that lives a minute (the server's setting) and opens sessions for one model only.
//
// - Server without API keys (it then binds loopback only, or was told --allow-unauthenticated):
//   GET /v1/models and POST /v1/client/sessions answer without credentials, so the page
//   gets its secrets without asking the user anything.
// - Server with API keys: GET /v1/models answers 401, and the page asks for a key. The key
//   stays in this tab only (memory and sessionStorage: gone when the tab closes, never sent
//   to other tabs or written to disk by localStorage), goes only to this server's /v1 HTTP
//   endpoints, and "Forget key" removes it.

import { PlainError } from './capture.js';

const STORAGE_KEY = 'earshot.apiKey';

/** The server wants an API key, and has none or refused the one it got. */
export class KeyNeeded extends PlainError {}

export class Credentials {
  /** @param {URL} base the server's URL, the page's own */
  constructor(base) {
    this.base = base;
    this.key = sessionStorage.getItem(STORAGE_KEY) || null;
  }

  /** Whether the user gave a key (the server may or may not need one). */
  hasKey() {
    return this.key !== null;
  }

  /** Keeps a key for this tab. */
  useKey(key) {
    this.key = key.trim() || null;
    if (this.key) sessionStorage.setItem(STORAGE_KEY, this.key);
    else sessionStorage.removeItem(STORAGE_KEY);
  }

  forgetKey() {
    this.useKey('');
  }

  /**
   * The model ids the server offers.
   * @throws {KeyNeeded} when the server needs a key and has none, or a wrong one
   * @throws {PlainError} when the server cannot be reached
   */
  async models() {
    const body = await this.request('GET', 'v1/models');
    return body.data.map((m) => m.id);
  }

  /** A fresh client secret for `model`; throws like models(). */
  async secret(model) {
    // No ttl_seconds: the server's client-secret-ttl (60 s by default) applies, which is
    // plenty, as the page asks for a secret right before it opens the sessions.
    const body = await this.request('POST', 'v1/client/sessions', { purpose: 'realtime', model });
    return body.client_secret.value;
  }

  async request(method, path, json) {
    const headers = { Accept: 'application/json' };
    if (this.key) headers.Authorization = `Bearer ${this.key}`;
    if (json) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(new URL(path, this.base), {
        method, headers, body: json && JSON.stringify(json), cache: 'no-store',
      });
    } catch {
      throw new PlainError('Cannot reach the Earshot server. Check that it is running, then press Start again.');
    }
    if (response.status === 401) {
      throw new KeyNeeded(this.key ? 'The server did not accept this API key. Check it and try again.'
        : 'This server needs an API key.');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new PlainError(`The server answered ${response.status}: ${body?.message ?? response.statusText}`);
    }
    return body;
  }
}
