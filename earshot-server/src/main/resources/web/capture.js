// The microphone: getUserMedia into an AudioWorklet that hands out pcm_s16le chunks at the
// device's rate (see pcm-worklet.js for why the server resamples).

/** How much audio one input_audio.append carries: small enough for low latency. */
const CHUNK_MS = 100;
/** The protocol accepts 8 kHz to 48 kHz. */
const MAX_RATE = 48000;

/** An error whose message can be shown to the user as it is. */
export class PlainError extends Error {}

/** The user's words for what getUserMedia or AudioContext threw. */
function explain(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return 'The browser denied access to the microphone. Allow it for this page (the icon in '
        + 'the address bar), then press Start again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one (or pick another), then press Start again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be opened; another program may be using it.';
    default:
      return `The microphone could not be started: ${error && error.message ? error.message : error}`;
  }
}

/** The audio inputs, labelled once the user has allowed the microphone. */
export async function listMicrophones() {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'audioinput' && d.deviceId)
    .map((d, n) => ({ id: d.deviceId, label: d.label || `Microphone ${n + 1}` }));
}

/**
 * Opens a microphone and starts capturing.
 *
 * @param {string} deviceId a deviceId from listMicrophones(), or '' for the default one
 * @param {(chunk: ArrayBuffer) => void} onChunk called on the main thread with each chunk, in order
 * @returns {Promise<{sampleRate: number, track: MediaStreamTrack, stop: () => Promise<void>}>}
 *   sampleRate: of the chunks, 8000 to 48000; track: fires "ended" if the device goes away;
 *   stop(): delivers the last partial chunk to onChunk, then releases the device (idempotent)
 * @throws {PlainError} when there is no microphone, permission is denied, or audio fails
 */
export async function openMicrophone(deviceId, onChunk) {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new PlainError('This browser allows the microphone only on https:// pages or on '
      + 'http://localhost; open the page that way.');
  }
  let stream;
  try {
    // The engine expects the raw signal: browser echo cancellation and noise suppression
    // remove parts of speech the recogniser relies on.
    stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        deviceId: deviceId ? { exact: deviceId } : undefined,
        channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false,
      },
    });
  } catch (error) {
    throw new PlainError(explain(error));
  }
  try {
    return await startWorklet(stream, onChunk);
  } catch (error) {
    stream.getTracks().forEach((t) => t.stop());
    throw error instanceof PlainError ? error : new PlainError(explain(error));
  }
}

async function startWorklet(stream, onChunk) {
  const context = new AudioContext();
  await context.audioWorklet.addModule(new URL('pcm-worklet.js', import.meta.url));
  const decimate = Math.ceil(context.sampleRate / MAX_RATE);
  const sampleRate = context.sampleRate / decimate;
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'pcm-s16le', {
    numberOfOutputs: 0,
    processorOptions: { chunkSamples: Math.round(sampleRate * CHUNK_MS / 1000), decimate },
  });
  let flushed;
  node.port.onmessage = (event) => {
    if (event.data === 'flushed') flushed();
    else onChunk(event.data);
  };
  source.connect(node);
  await context.resume();
  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      stream.getTracks().forEach((t) => t.stop());
      const done = new Promise((resolve) => { flushed = resolve; });
      node.port.postMessage('flush');
      await Promise.race([done, new Promise((r) => setTimeout(r, 500))]);
      source.disconnect();
      await context.close();
    })();
    return stopping;
  };
  return { sampleRate, stop, track: stream.getAudioTracks()[0] };
}
