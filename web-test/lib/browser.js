// Debian's Chromium, headless, through playwright-core (which never downloads a browser),
// with a fake microphone that plays a WAV file in a loop and a permission prompt that says yes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * @param {string} fakeMicrophoneWav what the microphone hears, in a loop
 * @param {{allowMicrophone?: boolean}} options false: the page's microphone request is denied,
 *   as when a user says no, until the test grants the permission
 * @returns {Promise<import('playwright-core').BrowserContext & {dispose: () => Promise<void>}>}
 */
export async function launchBrowser(fakeMicrophoneWav, { allowMicrophone = true } = {}) {
  // A fresh profile each run, so no permission or storage carries over between runs.
  const profile = mkdtempSync(join(tmpdir(), 'earshot-web-test-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1100, height: 720 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${fakeMicrophoneWav}`,
      ...(allowMicrophone ? ['--use-fake-ui-for-media-stream'] : []),
    ],
  });
  context.dispose = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}
