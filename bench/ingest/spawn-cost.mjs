#!/usr/bin/env node
// What spawning a child costs the parent as it grows: CPU ms in this process per execFile of
// `true`, with and without ~250 MB of heap allocated first (a fork copies the page tables, so the
// parent pays per MB it holds). Sizes the idea of spawning pdftotext from a small helper process.
// Usage: nice -n 10 node bench/ingest/spawn-cost.mjs [--mb 0,250] [--n 40]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import os from 'node:os';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '0,250' }, n: { type: 'string', default: '40' } } });
const run = promisify(execFile);
const n = Number(values.n);
console.log(`# ${new Date().toISOString()} load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const held = [];
for (const mb of values.mb.split(',').map(Number)) {
  while (held.length < mb) held.push(new Float64Array(1 << 17).fill(held.length)); // 1 MB each, touched
  await run('true', []); // warm
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await run('true', []);
  const c = process.cpuUsage(c0);
  console.log(`rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB: ${((performance.now() - t0) / n).toFixed(2)} ms wall, ${((c.user + c.system) / 1000 / n).toFixed(2)} CPU ms in the parent per spawn (${n} spawns)`);
}
