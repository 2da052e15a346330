// End to end: the live-captions page in headless Chromium, its microphone fed from a real
// recording, against real `earshot serve` processes: one without API keys, one with a key,
// and one that dies and comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { EXPECTED_WORDS, writeFakeMicrophone } from '../lib/audio.js';
import { launchBrowser } from '../lib/browser.js';
import { startServer } from '../lib/server.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const API_KEY = 'web-test-key-0123456789';
/** The recording lasts ~16 s and loops; words take the slow delay on top to arrive. */
const WORDS_TIMEOUT_MS = 45000;
const STEP_TIMEOUT_MS = 15000;
const SRT_TIME = /^(\d\d):([0-5]\d):([0-5]\d),(\d{3}) --> (\d\d):([0-5]\d):([0-5]\d),(\d{3})$/;

let wav;
let browser;
let openServer;
let keyedServer;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  wav = writeFakeMicrophone(`${ARTIFACTS}fake-microphone.wav`);
  // allSettled: when one fails, the others are still kept, so that after() stops them.
  const started = await Promise.allSettled([
    launchBrowser(wav),
    startServer({ name: 'open', logDir: ARTIFACTS }),
    startServer({ name: 'keyed', apiKey: API_KEY, logDir: ARTIFACTS }),
  ]);
  [browser, openServer, keyedServer] = started.map((s) => s.value);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
});

after(async () => {
  await Promise.all([browser?.dispose(), openServer?.stop(), keyedServer?.stop()]);
});

/** A new tab on `url` that records what its console and WebSockets did. */
async function openPage(url) {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.sockets = [];
  page.on('websocket', (socket) => page.sockets.push(socket.url()));
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(url);
  return page;
}

async function waitForState(page, kind, state, timeout = STEP_TIMEOUT_MS) {
  await page.waitForFunction(([k, s]) => document.getElementById(`${k}-status`).dataset.state === s,
    [kind, state], { timeout });
}

/** After Stop, done comes once the server has transcribed what it had queued: on a loaded
 *  machine it runs behind the live audio by many seconds. */
async function waitForDone(page, kind) {
  await waitForState(page, kind, 'done', WORDS_TIMEOUT_MS);
}

async function waitForWords(page, words) {
  await page.waitForFunction((expected) => {
    const text = document.getElementById('transcript').innerText.toLowerCase();
    return expected.every((word) => text.includes(word));
  }, words, { timeout: WORDS_TIMEOUT_MS });
}

async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return readFileSync(await download.path(), 'utf8');
}

/** Checks SubRip: cues numbered from 1, start <= end, times not going back, text in each. */
function assertValidSrt(srt) {
  assert.match(srt, /\n\n$/, 'SRT ends with a blank line');
  const blocks = srt.trim().split(/\n\n/);
  assert.ok(blocks.length >= 1, 'at least one cue');
  let previousStart = -1;
  blocks.forEach((block, n) => {
    const [number, times, ...text] = block.split('\n');
    assert.equal(number, String(n + 1), `cue ${n + 1} number`);
    const t = SRT_TIME.exec(times);
    assert.ok(t, `cue ${n + 1} times "${times}" match HH:MM:SS,mmm --> HH:MM:SS,mmm`);
    const seconds = (h, m, s, ms) => Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
    const [start, end] = [seconds(...t.slice(1, 5)), seconds(...t.slice(5, 9))];
    assert.ok(start <= end && start >= previousStart, `cue ${n + 1}: ${times} after ${previousStart}`);
    previousStart = start;
    assert.ok(text.join(' ').trim(), `cue ${n + 1} has text`);
  });
}

test('captions from the microphone on a server without keys, both streams on different models, with exports', async () => {
  const page = await openPage(openServer.url);
  await page.waitForFunction(() => document.getElementById('fast-model').options.length > 0);
  assert.equal(await page.locator('#key-form').isVisible(), false, 'no key asked for');
  for (const kind of ['fast', 'slow']) {
    assert.equal(await page.locator(`#${kind}-model`).inputValue(), 'voxtral-mini-transcribe-realtime-2602');
  }
  // Each stream runs on the model chosen for it, from the server's /v1/models.
  await page.selectOption('#fast-model', 'pocketsphinx-en-us');
  assert.equal(await page.locator('#fast-status .model').innerText(), 'pocketsphinx-en-us');

  await page.click('#start');
  await waitForState(page, 'fast', 'listening');
  await waitForState(page, 'slow', 'listening');
  // The fast stream runs ahead of the slow one: its extra words show highlighted.
  await page.waitForFunction(() => [...document.querySelectorAll('#transcript .ahead')]
    .some((span) => span.textContent.trim()), null, { timeout: WORDS_TIMEOUT_MS });
  await waitForWords(page, EXPECTED_WORDS);
  await page.screenshot({ path: `${ARTIFACTS}captions-running.png` });
  const models = page.sockets.map((url) => new URL(url).searchParams.get('model')).sort();
  assert.deepEqual(models, ['pocketsphinx-en-us', 'voxtral-mini-transcribe-realtime-2602']);

  await page.click('#start'); // now "Stop"
  await waitForDone(page, 'fast');
  await waitForDone(page, 'slow');
  assert.equal(await page.locator('#start').innerText(), 'Start');
  assert.equal(await page.locator('#error').isVisible(), false, 'no error shown');
  await page.screenshot({ path: `${ARTIFACTS}captions.png` });

  const srt = await downloaded(page, '#download-srt');
  assertValidSrt(srt);
  assert.match(srt.toLowerCase(), /leisure/);
  const vtt = await downloaded(page, '#download-vtt');
  assert.match(vtt, /^WEBVTT\n\n\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}\n/);
  const text = await downloaded(page, '#download-txt');
  assert.ok(text.toLowerCase().includes('consider'), `text export: ${text}`);
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(openServer.url).origin });
  await page.click('#copy');
  await page.locator('#notice', { hasText: 'Copied.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);

  await page.click('#clear');
  await page.waitForFunction(() => document.querySelector('#transcript .placeholder'));
  await page.close();
});

test('a server with keys: a wrong key gets a plain error, the right one works, no key in the URL', async () => {
  const page = await openPage(keyedServer.url);
  await page.locator('#key-form').waitFor({ state: 'visible' });

  await page.fill('#key', 'wrong-key');
  await page.click('#key-form button');
  await page.locator('#error').waitFor({ state: 'visible' });
  assert.match(await page.locator('#error').innerText(), /did not accept this API key/);
  assert.equal(await page.locator('#key-form').isVisible(), true);
  await page.screenshot({ path: `${ARTIFACTS}wrong-key.png` });

  await page.fill('#key', API_KEY);
  await page.click('#key-form button');
  await page.locator('#key-form').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => document.getElementById('fast-model').options.length > 0);
  assert.equal(await page.locator('#error').isVisible(), false, 'the error went away');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing in localStorage');

  await page.selectOption('#mode', 'slow');
  await page.fill('#slow-delay', '1200');
  await page.click('#start');
  await waitForState(page, 'slow', 'listening');
  assert.equal(await page.locator('#fast-status').getAttribute('data-state'), 'off');
  await waitForWords(page, EXPECTED_WORDS);
  await page.click('#start');
  await waitForDone(page, 'slow');
  assertValidSrt(await downloaded(page, '#download-srt'));
  await page.screenshot({ path: `${ARTIFACTS}captions-keyed.png` });

  assert.ok(page.sockets.length >= 1, 'a WebSocket was opened');
  for (const url of page.sockets) {
    assert.ok(!url.includes(API_KEY) && !url.includes('client_secret'), `credentials in URL: ${url}`);
  }
  await page.close();
});

test('the server going away shows a plain error, and Start works again once it is back', async () => {
  let server = await startServer({ name: 'flaky', logDir: ARTIFACTS });
  const page = await openPage(server.url);
  try {
    await page.waitForFunction(() => document.getElementById('fast-model').options.length > 0);
    await page.selectOption('#mode', 'fast');
    await page.click('#start');
    await waitForState(page, 'fast', 'listening');

    await server.kill();
    await page.locator('#error').waitFor({ state: 'visible' });
    assert.match(await page.locator('#error').innerText(), /Lost the connection to the server/);
    await waitForState(page, 'fast', 'error');
    assert.equal(await page.locator('#start').innerText(), 'Start');

    await page.click('#start');
    await page.waitForFunction(() => /Cannot reach the Earshot server/.test(document.getElementById('error').innerText));

    server = await startServer({ name: 'flaky', port: server.port, logDir: ARTIFACTS });
    const paragraphs = await page.locator('#transcript p').count();
    await page.click('#start');
    await waitForState(page, 'fast', 'listening');
    assert.equal(await page.locator('#error').isVisible(), false, 'the error went away');
    await page.waitForFunction((n) => document.querySelectorAll('#transcript p').length > n, paragraphs,
      { timeout: WORDS_TIMEOUT_MS });
    await page.click('#start');
    await waitForDone(page, 'fast');
  } finally {
    await page.close();
    await server.stop();
  }
});

test('a denied microphone gets a plain error; once allowed, a prompt slower than the secret lives still works', async () => {
  // Secrets are checked only when the server has keys.
  const server = await startServer({ name: 'short-secrets', apiKey: API_KEY, logDir: ARTIFACTS,
    env: { EARSHOT_CLIENT_SECRET_TTL_SECONDS: '1' } });
  const denying = await launchBrowser(wav, { allowMicrophone: false });
  try {
    const page = await denying.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(server.url);
    await page.fill('#key', API_KEY);
    await page.click('#key-form button');
    await page.waitForFunction(() => document.getElementById('fast-model').options.length > 0);
    await page.selectOption('#mode', 'fast');
    await page.click('#start');
    await page.waitForFunction(() => /denied access to the microphone/.test(document.getElementById('error').innerText));
    assert.equal(await page.locator('#start').innerText(), 'Start');

    await denying.grantPermissions(['microphone'], { origin: new URL(server.url).origin });
    // The user answers the prompt after the 1 s secret has expired: the page must fetch another.
    await page.evaluate(() => {
      const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return real(constraints);
      };
    });
    let secrets = 0;
    page.on('request', (request) => { if (request.url().endsWith('/v1/client/sessions')) secrets++; });
    await page.click('#start');
    await waitForState(page, 'fast', 'listening');
    assert.equal(await page.locator('#error').isVisible(), false, 'the error went away');
    assert.equal(secrets, 2, 'an expired secret is replaced once');
    await page.click('#start');
    await waitForDone(page, 'fast');
  } finally {
    await denying.dispose();
    await server.stop();
  }
});
