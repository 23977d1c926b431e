// Screenshots a local HTML file in headless Debian Chromium (playwright-core), for the pictures in docs/.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/**
 * Opens `html` at `width` px and writes the top of the page (at most `maxHeight` px) to `png`;
 * `prepare(page)` may edit the page first (leave out text that may not be redistributed).
 */
export async function screenshotHtml(html, png, { width = 1240, maxHeight = 2600, prepare } = {}) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(resolve(html)).href);
    if (prepare) await prepare(page);
    const height = Math.min(maxHeight, await page.evaluate(() => document.body.scrollHeight));
    await page.screenshot({ path: png, fullPage: true, clip: { x: 0, y: 0, width, height } });
  } finally {
    await browser.close();
  }
}
