// Start-up of the nerflow CLI: wall time to the first byte of output and to exit, median of N runs
// (hyperfine-like), for the lazy bin (manifest) and, as the reference, every command loaded eagerly
// as before (what `allCommands()` does). Needs the built packages: npm run build.
//   node bench/cli/startup.mjs [runs=15]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const runs = Number(process.argv[2] ?? 15);
const bin = resolve(root, 'packages/cli/bin/nerflow.mjs');
const gold = resolve(root, 'examples/marketing-es/annotation/gold.jsonl');
const eager = (argv) => ['--input-type=module', '-e',
  `const m = await import('@nerflow/cli'); process.exitCode = await m.runCli(await m.allCommands(), ${JSON.stringify(argv)}, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });`];

/** One run: ms to the first output byte and to exit. */
function time(args) {
  return new Promise((ok, fail) => {
    const t0 = process.hrtime.bigint();
    let first;
    const child = spawn(process.execPath, args, { cwd: resolve(root, 'packages/cli'), stdio: ['ignore', 'pipe', 'pipe'] });
    const mark = () => { first ??= Number(process.hrtime.bigint() - t0) / 1e6; };
    child.stdout.on('data', mark);
    child.stderr.on('data', mark);
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok({ first, total: Number(process.hrtime.bigint() - t0) / 1e6 }) : fail(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const cases = [
  ['nerflow --help', [bin, '--help'], eager(['--help'])],
  ['nerflow train --help', [bin, 'train', '--help'], eager(['train', '--help'])],
  ['nerflow validate gold.jsonl', [bin, 'validate', gold], eager(['validate', gold])],
];
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')} · node ${process.version} · ${runs} runs each, medians`);
console.log('command                         first out   exit    eager (before) first/exit   ratio');
for (const [name, lazy, ref] of cases) {
  await time(lazy); await time(ref); // warm the file cache
  const a = [], b = [];
  for (let i = 0; i < runs; i++) { a.push(await time(lazy)); b.push(await time(ref)); } // interleaved: same load for both
  const [af, at, bf, bt] = [median(a.map((x) => x.first)), median(a.map((x) => x.total)), median(b.map((x) => x.first)), median(b.map((x) => x.total))];
  console.log(`${name.padEnd(30)} ${af.toFixed(0).padStart(6)} ms ${at.toFixed(0).padStart(6)} ms   ${bf.toFixed(0).padStart(6)} / ${bt.toFixed(0).padStart(5)} ms   ${(bt / at).toFixed(1)}x`);
}
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
