// Debian's Chromium, headless, through playwright-core (which never downloads a browser),
// with a fake microphone that plays a WAV file in a loop and a permission prompt that says yes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** @returns {Promise<import('playwright-core').BrowserContext & {dispose: () => Promise<void>}>} */
export async function launchBrowser(fakeMicrophoneWav) {
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
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${fakeMicrophoneWav}`,
    ],
  });
  context.dispose = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}
