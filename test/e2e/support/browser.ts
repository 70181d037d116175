import { existsSync } from 'fs';
import { Browser, chromium } from 'playwright-core';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A headless Chromium for the browser tests, found without any download: `CHROMIUM_PATH`, else the
 * system's `/usr/bin/chromium`, else the binary that `npm ci` brought inside `@sparticuz/chromium`
 * (unpacked to the temp folder on first use), so `npm test` passes on a machine with no browser.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: ARGS });
}

async function chromiumPath(): Promise<string> {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  // The package is ESM-first; its CommonJS build exports the class as `default`.
  const packaged = (await import('@sparticuz/chromium')).default;
  return packaged.executablePath();
}
