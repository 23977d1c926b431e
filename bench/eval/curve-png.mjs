// Screenshots the HTML report of `nerflow eval curve --report` (chart and table) for docs/.
// The curve report holds scores only, no corpus text, so it may be shown for research-only corpora.
// Usage: node bench/eval/curve-png.mjs CURVE.html OUT.png
import { screenshotHtml } from '../lib/screenshot.mjs';

const [html, png] = process.argv.slice(2);
if (!png) {
  console.error('usage: node bench/eval/curve-png.mjs CURVE.html OUT.png');
  process.exit(2);
}
await screenshotHtml(html, png, { width: 1000, maxHeight: 1800 });
console.log(`wrote ${png}`);
