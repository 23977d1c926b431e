// Writes an HTML report for GOLD vs PRED with the BUILT @nerflow/eval and screenshots it in
// headless Chromium (Debian chromium + playwright-core), for the README.
// Usage: node bench/eval/report-png.mjs GOLD PRED OUT.html OUT.png [NAME] [--redact-text]
// --redact-text leaves the corpus text (error groups and error list) out of the PNG, for data whose
// licence forbids redistribution (CoNLL-2002): the PNG then holds only scores, labels and charts.
import { screenshotHtml } from '../lib/screenshot.mjs';
import { runEval, formatTable } from '@nerflow/eval';

const redact = process.argv.includes('--redact-text');
const [gold, pred, html, png, name] = process.argv.slice(2).filter((a) => a !== '--redact-text');
if (!png) {
  console.error('usage: node bench/eval/report-png.mjs GOLD PRED OUT.html OUT.png [NAME]');
  process.exit(2);
}
const { json } = await runEval({ gold, pred, report: html, bootstrap: 1000, name });
console.log(formatTable(json));
// The top of the page (summary, per-label table and chart, partial views, confusion matrix, error groups).
await screenshotHtml(html, png, {
  prepare: redact ? (page) => page.evaluate(() => {
    for (const el of document.querySelectorAll('table.groups, table.errors, input.filter, section h3')) el.remove();
    for (const el of document.querySelectorAll('code')) el.textContent = el.textContent.slice(el.textContent.lastIndexOf('/') + 1);
    const note = document.createElement('p');
    note.className = 'help';
    note.textContent = 'The error groups and the error list (corpus text) are left out of this picture: CoNLL-2002 may not be redistributed.';
    document.querySelector('table.errors, section:last-of-type figure')?.after(note);
  }) : undefined,
});
console.log(`wrote ${html} and ${png}`);
