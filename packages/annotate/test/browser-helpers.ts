import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's chromium (apt-get install chromium); playwright-core drives it, no browser download. */
export const CHROMIUM = process.env.NERFLOW_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`[annotate e2e] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set NERFLOW_CHROMIUM)`);

export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Builds the page from packages/annotate-ui's sources into a temp folder (tests run on source). */
export async function buildUi(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-ui-'));
  const uiRoot = fileURLToPath(new URL('../../annotate-ui/', import.meta.url));
  await build({ configFile: path.join(uiRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Where the README screenshots go (written only when NERFLOW_SCREENSHOTS=1). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/img/', import.meta.url));
export const TAKE_SCREENSHOTS = process.env.NERFLOW_SCREENSHOTS === '1';
