// The official Mistral TypeScript SDK (npm @mistralai/mistralai, pinned in package-lock.json)
// against a real `earshot serve`: RealtimeTranscription.transcribeStream, exactly as its own
// example calls it, on real recordings whose lengths are not whole seconds. The SDK turns any
// event that fails its schema (zod) into an "unknown" event; before usage counts were integers,
// transcription.done was such an event for every fractional length (2.99 is not z.int()).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { AudioEncoding, RealtimeTranscription } from '@mistralai/mistralai/extra/realtime';

import { readWav } from '../lib/audio.js';
import { startServer } from '../lib/server.js';

const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const API_KEY = 'sdk-test-key-0123456789';
const MODEL = 'voxtral-mini-transcribe-realtime-2602';
const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const FETCHED = `${process.env.EARSHOT_SHARED_DIR ?? '/work/shared'}/eval/fetched`;
/** Real speech, 2.9 to 8.3 s, none a whole number of seconds. */
const RECORDINGS = [
  `${LIBRIVOX}/sense_and_sensibility_01_austen_64kb-0880.wav`,
  `${LIBRIVOX}/sense_and_sensibility_01_austen_64kb-0890.wav`,
  `${LIBRIVOX}/sense_and_sensibility_01_austen_64kb-0930.wav`,
  `${FETCHED}/sphinx4_12345.wav`,
  `${FETCHED}/deepspeech_LDC93S1.wav`,
  `${FETCHED}/s2t_1089-134691-0001.wav`,
];
/** The chunk size of the SDK's own example (examples/src/realtime_transcription.ts). */
const CHUNK_BYTES = 4096;
/** One recording, unpaced, takes well under a second of server time; this is for a loaded CI. */
const RECORDING_TIMEOUT_MS = 60000;

let server;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer({ name: 'official-sdk', apiKey: API_KEY, logDir: ARTIFACTS });
});

after(async () => {
  await server?.stop();
});

async function* chunks(pcm) {
  for (let at = 0; at < pcm.length; at += CHUNK_BYTES) {
    yield pcm.subarray(at, Math.min(at + CHUNK_BYTES, pcm.length));
  }
}

/** Every event the SDK yields for one recording, in order. */
async function transcribe(pcm, rate) {
  const client = new RealtimeTranscription({ apiKey: API_KEY, serverURL: server.url });
  const events = [];
  for await (const event of client.transcribeStream(chunks(pcm), MODEL, {
    audioFormat: { encoding: AudioEncoding.PcmS16le, sampleRate: rate },
  })) {
    events.push(event);
  }
  return events;
}

/** The SDK marks what it could not parse with `raw`; say why, with the JSON it got. */
function describeUnknown(event) {
  const reason = event.error?.cause?.message ?? event.error?.message ?? 'unknown type';
  return `${event.type}: ${reason}\n${JSON.stringify(event.raw)}`;
}

for (const path of RECORDINGS) {
  const name = path.split('/').pop();
  test(`official SDK transcribes ${name} with no unknown event`, { timeout: RECORDING_TIMEOUT_MS }, async () => {
    const { rate, pcm } = readWav(path);
    const samples = pcm.length / 2;
    assert.notEqual(samples % rate, 0, `${name} must not be a whole number of seconds`);

    const events = await transcribe(pcm, rate);

    const unknown = events.filter((e) => 'raw' in e);
    assert.deepEqual(unknown.map(describeUnknown), [], 'events the SDK could not parse');
    const errors = events.filter((e) => e.type === 'error');
    assert.deepEqual(errors.map((e) => e.error), [], 'error events');

    assert.equal(events[0].type, 'session.created');
    const updated = events.find((e) => e.type === 'session.updated');
    assert.deepEqual(updated?.session.audioFormat, { encoding: 'pcm_s16le', sampleRate: rate });

    const done = events.at(-1);
    assert.equal(done.type, 'transcription.done', `last event: ${JSON.stringify(done)}`);
    const deltas = events.filter((e) => e.type === 'transcription.text.delta').map((e) => e.text).join('');
    assert.ok(deltas.trim().length > 0, 'some text for real speech');
    assert.equal(done.text, deltas, 'done.text is the concatenated deltas');
    assert.equal(done.model, MODEL);
    assert.equal(done.language, 'en');
    assert.equal(done.usage.promptAudioSeconds, Math.ceil(samples / rate), 'whole seconds, rounded up');
    assert.ok(done.segments.length > 0, 'segments');
    for (const segment of [...done.segments, ...events.filter((e) => e.type === 'transcription.segment')]) {
      assert.ok(Number.isFinite(segment.start) && Number.isFinite(segment.end),
        `segment times: ${JSON.stringify(segment)}`);
    }
  });
}
