// Builds the fake microphone's recording: real speech from pocketsphinx's test data, with
// silence around it so that capture starting late loses nothing, as one 16-bit mono WAV.
import { readFileSync, writeFileSync } from 'node:fs';

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
/** The recordings, in order; the first says "... then leisure to consider how much ...". */
export const RECORDINGS = [
  `${LIBRIVOX}/sense_and_sensibility_01_austen_64kb-0870.wav`,
  `${LIBRIVOX}/sense_and_sensibility_01_austen_64kb-0920.wav`,
];
/** Words the engine reliably hears in the first recording (see `./earshot transcribe`). */
export const EXPECTED_WORDS = ['leisure', 'consider'];

/** The PCM data and rate of a 16-bit mono WAV file, walking its RIFF chunks. */
export function readWav(path) {
  const file = readFileSync(path);
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${path}: expected a RIFF/WAVE file`);
  }
  let rate = 0;
  for (let at = 12; at + 8 <= file.length;) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      const [format, channels, bits] = [file.readUInt16LE(at + 8), file.readUInt16LE(at + 10), file.readUInt16LE(at + 22)];
      if (format !== 1 || channels !== 1 || bits !== 16) {
        throw new Error(`${path}: expected 16-bit mono PCM, found format ${format}, ${channels} channels, ${bits} bits`);
      }
      rate = file.readUInt32LE(at + 12);
    } else if (id === 'data') {
      return { rate, pcm: file.subarray(at + 8, at + 8 + size) };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Writes silence, each recording, silence between and after, to `path`. */
export function writeFakeMicrophone(path, gapSeconds = 1) {
  const parts = RECORDINGS.map(readWav);
  const rate = parts[0].rate;
  if (parts.some((p) => p.rate !== rate)) throw new Error('recordings differ in sample rate');
  const silence = Buffer.alloc(Math.round(rate * gapSeconds) * 2);
  const pcm = Buffer.concat([silence, ...parts.flatMap((p) => [p.pcm, silence])]);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  writeFileSync(path, Buffer.concat([header, pcm]));
  return path;
}
