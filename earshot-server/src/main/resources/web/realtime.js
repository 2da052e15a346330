// One realtime transcription session over Mistral's realtime WebSocket protocol
// (docs: /work/shared/protocol.md in the repository), authenticated by a client secret.

import { PlainError } from './capture.js';

/** How long the server may take to say session.created / session.updated. */
const CONNECT_TIMEOUT_MS = 10000;
/** How long the server may stay silent after input_audio.end before transcription.done. A
 *  server that runs behind the audio still sends text while it finishes the rest. */
const DONE_TIMEOUT_MS = 20000;
/** Unsent bytes the socket may hold (~20 s of 48 kHz audio as base64); beyond it the
 *  server or the network is not keeping up, and the session ends with an error. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Subprotocol prefix that carries a client secret (server: auth.Authenticator). */
const SECRET_PREFIX = 'earshot-secret.';

/** An `error` event from the server; `code` follows HTTP statuses (401 = credentials). */
export class ServerError extends PlainError {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

function base64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  // String.fromCharCode takes arguments: keep each call well below engines' argument limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Plain words for the server's error codes (server: session.RealtimeEndpoint). */
const EXPLANATIONS = {
  401: 'The server refused the credentials',
  404: 'The server does not know this model',
  429: 'The server is busy or the session hit a limit',
  500: 'The speech engine failed',
  503: 'The server is shutting down',
};

function errorText(error) {
  const message = error?.message;
  const detail = typeof message === 'string' ? message : JSON.stringify(message ?? error);
  const plain = EXPLANATIONS[error?.code];
  return plain ? `${plain} (${detail}).` : `The server reported an error: ${detail}`;
}

/**
 * A session. Lifecycle: open() once; if it resolves, append() any number of times, then
 * finish() or close(). Listeners are called on the main thread. `onEnd` comes last, exactly
 * once, and only after open() resolved: with null after transcription.done or close(), else
 * with the error that ended the session.
 */
export class RealtimeStream {
  /**
   * @param {{url: string, model: string, secret: string, delayMs: number, sampleRate: number,
   *   onDelta: (text: string) => void, onSegment: (s: {text: string, start: number, end: number}) => void,
   *   onDone: (event: object) => void, onEnd: (error: Error|null) => void}} options
   */
  constructor(options) {
    this.options = options;
    /** 'new', 'connecting' (until session.updated), 'open', then 'ended'. */
    this.state = 'new';
    this.socket = null;
    /** The last server error, reported if the server closes after it. */
    this.lastError = null;
  }

  /**
   * Connects and configures the session.
   * @returns {Promise<void>} resolves once the server confirmed the settings; rejects with a
   *   ServerError (e.g. code 401 for a refused or expired secret) or a PlainError
   */
  open() {
    const { url, model, secret } = this.options;
    const address = new URL(`v1/audio/transcriptions/realtime?model=${encodeURIComponent(model)}`, url);
    address.protocol = address.protocol === 'https:' ? 'wss:' : 'ws:';
    this.state = 'connecting';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.end(new PlainError('The server did not answer in time.')),
        CONNECT_TIMEOUT_MS);
      this.pending = {
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      };
      // The server answers with "realtime", never echoing the secret.
      this.socket = new WebSocket(address, ['realtime', SECRET_PREFIX + secret]);
      this.socket.onmessage = (message) => this.receive(JSON.parse(message.data));
      this.socket.onclose = (event) => this.closed(event);
      this.socket.onerror = () => {}; // onclose follows, with the code
    });
  }

  /** Sends one chunk of pcm_s16le; ignored unless open. */
  append(chunk) {
    if (this.state !== 'open' || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.end(new PlainError('The connection to the server is too slow for live audio.'));
      return;
    }
    this.send({ type: 'input_audio.append', audio: base64(chunk) });
  }

  /** Ends the audio; resolves after transcription.done, an error, or a timeout. */
  finish() {
    if (this.state !== 'open') return Promise.resolve();
    const ended = new Promise((resolve) => { this.finished = resolve; });
    this.send({ type: 'input_audio.flush' });
    this.send({ type: 'input_audio.end' });
    this.awaitDone();
    return ended.finally(() => {
      clearTimeout(this.doneTimer);
      this.doneTimer = null;
    });
  }

  /** Starts, or starts again, the wait for transcription.done. */
  awaitDone() {
    clearTimeout(this.doneTimer);
    this.doneTimer = setTimeout(() => this.end(new PlainError('The server did not finish the transcript in time.')),
      DONE_TIMEOUT_MS);
  }

  /** Closes at once, without waiting for the rest of the transcript. Idempotent. */
  close() {
    this.end(null);
  }

  receive(event) {
    const o = this.options;
    if (this.doneTimer) this.awaitDone();
    switch (event.type) {
      case 'session.created':
        this.send({ type: 'session.update', session: {
          audio_format: { encoding: 'pcm_s16le', sample_rate: o.sampleRate },
          target_streaming_delay_ms: o.delayMs,
        } });
        break;
      case 'session.updated':
        if (this.state === 'connecting') {
          this.state = 'open';
          this.pending.resolve();
        }
        break;
      case 'transcription.text.delta':
        o.onDelta(event.text);
        break;
      case 'transcription.segment':
        o.onSegment(event);
        break;
      case 'transcription.done':
        o.onDone(event);
        this.end(null);
        break;
      case 'error':
        this.lastError = new ServerError(errorText(event.error), event.error?.code);
        // Before the session is set up every error is fatal; later, the fatal ones are
        // followed by a close, which reports them, and the others (a dropped chunk) are not.
        if (this.state === 'connecting') this.end(this.lastError);
        break;
      default: // transcription.language, and event types added later
    }
  }

  closed(event) {
    if (this.lastError) {
      this.end(this.lastError);
    } else if (event.code === 1000 && this.state === 'open') {
      this.end(null);
    } else {
      this.end(new PlainError(event.code === 1001 ? 'The server is shutting down.'
        : 'Lost the connection to the server. Check that it is running, then press Start again.'));
    }
  }

  send(message) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  end(error) {
    if (this.state === 'ended') return;
    const wasOpen = this.state === 'open';
    this.state = 'ended';
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) this.socket.close(1000);
    if (wasOpen) {
      this.options.onEnd(error);
    } else {
      this.pending?.reject(error ?? new PlainError('The session was cancelled.'));
    }
    this.finished?.();
  }
}
