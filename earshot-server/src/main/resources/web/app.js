// The page: wires the controls to the microphone, the realtime streams and the transcript.

import { Credentials, KeyNeeded } from './auth.js';
import { listMicrophones, openMicrophone, PlainError } from './capture.js';
import { RealtimeStream, ServerError } from './realtime.js';
import { computeDisplayTexts, toSrt, toVtt } from './transcript.js';

/** The id the seed uses; preselected when the server offers it. */
const SEED_MODEL = 'voxtral-mini-transcribe-realtime-2602';
/** Audio kept while the sessions open (100 ms chunks, so 10 s); at the limit the oldest goes. */
const MAX_PENDING_CHUNKS = 100;
/** Which streams each mode runs, and which one's segments make the subtitles. */
const MODES = {
  dual: { kinds: ['fast', 'slow'], primary: 'slow' },
  slow: { kinds: ['slow'], primary: 'slow' },
  fast: { kinds: ['fast'], primary: 'fast' },
};

const $ = (id) => document.getElementById(id);
const credentials = new Credentials(new URL('.', location.href));
/** Every Start..Stop so far, oldest first: {mode, fast, slow, segments, offset, samples, rate}. */
let runs = [];
/** The running capture, or null: {run, mic, streams: Map(kind -> RealtimeStream), stopping}. */
let session = null;
let modelsLoaded = false;

// ---- status, errors, rendering ----

const STATE_LABELS = { idle: 'Idle', off: 'Off', connecting: 'Connecting…', listening: 'Listening',
  finishing: 'Finishing…', done: 'Done', error: 'Error' };

function setStatus(kind, state) {
  const element = $(`${kind}-status`);
  element.dataset.state = state;
  element.querySelector('.state').textContent = STATE_LABELS[state];
}

function showDelays() {
  const mode = MODES[$('mode').value];
  for (const kind of ['fast', 'slow']) {
    $(`${kind}-status`).querySelector('.delay').textContent = `${$(`${kind}-delay`).value} ms`;
    $(`${kind}-status`).querySelector('.model').textContent = $(`${kind}-model`).value;
    const used = mode.kinds.includes(kind);
    $(`${kind}-delay`).disabled = !used;
    $(`${kind}-model`).disabled = !used;
    // Keep "Done" or "Error" of the last run until the next Start.
    if (!session && (!used || $(`${kind}-status`).dataset.state === 'off')) setStatus(kind, used ? 'idle' : 'off');
  }
}

function showError(error) {
  const element = $('error');
  element.textContent = error instanceof PlainError ? error.message : `Something went wrong: ${error}`;
  element.hidden = false;
  if (!(error instanceof PlainError)) console.error(error);
}

function hideError() {
  $('error').hidden = true;
}

function notice(text) {
  $('notice').textContent = text;
  setTimeout(() => { if ($('notice').textContent === text) $('notice').textContent = ''; }, 3000);
}

/** [final, ahead] text of a run: the seed's merge for two streams, else the one stream. */
function displayTexts(run) {
  if (run.mode === 'dual') return computeDisplayTexts(run.slow, run.fast);
  return [run[MODES[run.mode].primary], ''];
}

let renderQueued = false;
function render() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    const paragraphs = runs.filter((run) => run.fast || run.slow).map((run) => {
      const [final, ahead] = displayTexts(run);
      const p = document.createElement('p');
      const finalSpan = Object.assign(document.createElement('span'), { className: 'final', textContent: final });
      // The ahead text starts with the space that separates it: keep that out of the highlight.
      const aheadSpan = Object.assign(document.createElement('span'), { className: 'ahead', textContent: ahead.trimStart() });
      p.append(finalSpan, ahead.slice(0, ahead.length - ahead.trimStart().length), aheadSpan);
      return p;
    });
    const placeholder = Object.assign(document.createElement('span'), {
      className: 'placeholder', textContent: session ? '…' : 'Press Start and speak.' });
    const box = $('transcript');
    // Follow the newest words, unless the reader scrolled up.
    const following = box.scrollHeight - box.scrollTop - box.clientHeight < 48;
    box.replaceChildren(...(paragraphs.length ? paragraphs : [placeholder]));
    if (following) box.scrollTop = box.scrollHeight;
  });
}

// ---- models, key, microphones ----

async function loadModels() {
  try {
    const ids = await credentials.models();
    // Each stream has its model (say PocketSphinx fast, Whisper slow); both start on the seed's.
    for (const kind of ['fast', 'slow']) {
      const select = $(`${kind}-model`);
      const previous = select.value;
      select.replaceChildren(...ids.map((id) => new Option(id, id)));
      select.value = ids.includes(previous) ? previous : ids.includes(SEED_MODEL) ? SEED_MODEL : ids[0];
    }
    showDelays();
    modelsLoaded = true;
    $('key-form').hidden = true;
    $('forget-key').hidden = !credentials.hasKey();
    hideError();
  } catch (error) {
    modelsLoaded = false;
    if (error instanceof KeyNeeded) askForKey(error);
    else showError(error);
  }
  $('start').disabled = !modelsLoaded && !$('key-form').hidden;
}

function askForKey(error) {
  if (credentials.hasKey()) showError(error); // a key was given and refused
  credentials.forgetKey();
  $('key-form').hidden = false;
  $('forget-key').hidden = true;
  $('key').focus();
}

async function refreshMicrophones() {
  const select = $('microphone');
  const chosen = select.value;
  const microphones = await listMicrophones().catch(() => []);
  select.replaceChildren(new Option('Default microphone', ''),
    ...microphones.filter((m) => m.id !== 'default').map((m) => new Option(m.label, m.id)));
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
}

// ---- start and stop ----

function readDelay(kind) {
  const value = Number($(`${kind}-delay`).value);
  if (!Number.isInteger(value) || value < 0 || value > 10000) {
    throw new PlainError(`The ${kind} delay must be a whole number of milliseconds from 0 to 10000.`);
  }
  return value;
}

function newRun(mode) {
  const last = runs[runs.length - 1];
  const offset = last ? last.offset + last.samples / last.rate : 0;
  const run = { mode, fast: '', slow: '', segments: [], offset, samples: 0, rate: 16000 };
  runs.push(run);
  return run;
}

async function start() {
  hideError();
  $('start').disabled = true;
  try {
    if (!modelsLoaded) await loadModels();
    if (!modelsLoaded) return;
    const modeName = $('mode').value;
    const lanes = Object.fromEntries(MODES[modeName].kinds.map((kind) =>
      [kind, { delayMs: readDelay(kind), model: $(`${kind}-model`).value }]));
    // A secret opens sessions for one model only: one per model the streams use.
    const secrets = new Map();
    for (const { model } of Object.values(lanes)) {
      if (!secrets.has(model)) secrets.set(model, await credentials.secret(model));
    }
    for (const lane of Object.values(lanes)) lane.secret = secrets.get(lane.model);
    await begin(modeName, lanes);
  } catch (error) {
    if (error instanceof KeyNeeded) askForKey(error);
    else showError(error);
  } finally {
    $('start').disabled = false;
  }
}

/** @param lanes kind -> {model, secret, delayMs}, for each stream of the mode */
async function begin(modeName, lanes) {
  const run = newRun(modeName);
  const pending = [];
  const current = { run, mic: null, streams: new Map(), stopping: false, live: false };
  session = current;
  setButton();
  for (const kind of MODES[modeName].kinds) setStatus(kind, 'connecting');
  try {
    current.mic = await openMicrophone($('microphone').value, (chunk) => {
      run.samples += chunk.byteLength / 2;
      if (current.live) {
        for (const stream of current.streams.values()) stream.append(chunk);
      } else if (pending.push(chunk) > MAX_PENDING_CHUNKS) {
        pending.shift();
      }
    });
    run.rate = current.mic.sampleRate;
    current.mic.track.addEventListener('ended', () => stop('The microphone stopped (was it unplugged?).'));
    refreshMicrophones(); // labels are readable once the user allowed the microphone
    await Promise.all(MODES[modeName].kinds.map((kind) => openStream(current, kind, lanes[kind])));
  } catch (error) {
    await abort(current);
    runs = runs.filter((r) => r !== run || r.fast || r.slow);
    throw error;
  }
  current.live = true;
  for (const chunk of pending) for (const stream of current.streams.values()) stream.append(chunk);
  for (const kind of current.streams.keys()) setStatus(kind, 'listening');
}

/** Opens one stream; a secret that expired meanwhile is replaced once. */
async function openStream(current, kind, { model, secret, delayMs }) {
  const run = current.run;
  const options = {
    url: location.href, model, secret, delayMs, sampleRate: current.mic.sampleRate,
    onDelta: (text) => { run[kind] += text; render(); },
    onSegment: (segment) => { if (kind === MODES[run.mode].primary) run.segments.push(segment); },
    // The deltas and segment events are the transcript; done repeats them. Its segments are
    // used only by a server that sent no segment events, and not after Clear.
    onDone: (event) => {
      const primary = kind === MODES[run.mode].primary;
      if (primary && !run.segments.length && !run.cleared && Array.isArray(event.segments)) run.segments = event.segments;
    },
    onEnd: (error) => streamEnded(current, kind, error),
  };
  for (let attempt = 0; ; attempt++) {
    const stream = new RealtimeStream(options);
    current.streams.set(kind, stream);
    try {
      await stream.open();
      if (session !== current) stream.close(); // stopped while connecting
      return;
    } catch (error) {
      current.streams.delete(kind);
      if (attempt > 0 || !(error instanceof ServerError && error.code === 401)) throw error;
      options.secret = await credentials.secret(model);
    }
  }
}

function streamEnded(current, kind, error) {
  setStatus(kind, error ? 'error' : 'done');
  current.streams.delete(kind);
  if (error && session === current) {
    showError(error);
    abort(current);
  } else if (!current.stopping && current.streams.size === 0 && session === current) {
    stop(); // the server ended every stream by itself
  }
}

/** Stops capturing, lets the streams finish their transcripts. */
async function stop(reason) {
  const current = session;
  if (!current || current.stopping) return;
  current.stopping = true;
  $('start').disabled = true;
  for (const kind of current.streams.keys()) setStatus(kind, 'finishing');
  await current.mic?.stop(); // sends the last partial chunk
  await Promise.all([...current.streams.values()].map((stream) => stream.finish()));
  if (reason) showError(new PlainError(`${reason} Press Start to go on.`));
  finished(current);
}

/** Stops everything at once, keeping what was transcribed. */
async function abort(current) {
  current.stopping = true;
  const streams = [...current.streams.values()];
  current.streams.clear();
  streams.forEach((stream) => stream.close());
  await current.mic?.stop();
  finished(current);
}

function finished(current) {
  if (session !== current) return;
  session = null;
  for (const kind of ['fast', 'slow']) {
    const state = $(`${kind}-status`).dataset.state;
    if (state === 'connecting' || state === 'listening' || state === 'finishing') setStatus(kind, 'idle');
  }
  $('start').disabled = false;
  setButton();
  render();
}

function setButton() {
  $('start').textContent = session ? 'Stop' : 'Start';
  $('start').classList.toggle('recording', Boolean(session));
  for (const id of ['mode', 'fast-model', 'slow-model', 'microphone', 'fast-delay', 'slow-delay']) {
    $(id).disabled = Boolean(session);
  }
  if (!session) showDelays();
}

// ---- exports ----

function plainText() {
  return runs.map((run) => displayTexts(run).join('').trim()).filter(Boolean).join('\n\n') + '\n';
}

/** Each run's segments, shifted by where the run starts; a run without any is one cue. */
function cues() {
  return runs.flatMap((run) => {
    const shift = (s) => ({ text: s.text, start: run.offset + s.start, end: run.offset + s.end });
    if (run.segments.length) return run.segments.map(shift);
    const text = displayTexts(run).join('').trim();
    return text ? [{ text, start: run.offset, end: run.offset + run.samples / run.rate }] : [];
  });
}

function download(extension, type, content) {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: `earshot-${stamp}.${extension}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function copy() {
  try {
    await navigator.clipboard.writeText(plainText());
    notice('Copied.');
  } catch {
    showError(new PlainError('The browser did not allow copying; use Download .txt instead.'));
  }
}

function clear() {
  runs = session ? [session.run] : [];
  if (session) Object.assign(session.run, { fast: '', slow: '', segments: [], cleared: true });
  render();
}

// ---- wiring ----

$('start').addEventListener('click', () => (session ? stop() : start()));
$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  credentials.useKey($('key').value);
  $('key').value = '';
  loadModels();
});
$('forget-key').addEventListener('click', () => {
  credentials.forgetKey();
  loadModels();
});
$('mode').addEventListener('change', showDelays);
$('fast-delay').addEventListener('input', showDelays);
$('fast-model').addEventListener('change', showDelays);
$('slow-model').addEventListener('change', showDelays);
$('slow-delay').addEventListener('input', showDelays);
$('copy').addEventListener('click', copy);
$('download-txt').addEventListener('click', () => download('txt', 'text/plain', plainText()));
$('download-srt').addEventListener('click', () => download('srt', 'application/x-subrip', toSrt(cues())));
$('download-vtt').addEventListener('click', () => download('vtt', 'text/vtt', toVtt(cues())));
$('clear').addEventListener('click', clear);
navigator.mediaDevices?.addEventListener?.('devicechange', refreshMicrophones);

showDelays();
refreshMicrophones();
loadModels();
