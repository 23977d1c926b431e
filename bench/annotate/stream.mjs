// Start-up time and memory of `annotate` on large sources: the streamed source (what annotate does
// now) against the reference, reading the whole source into an array first (what it did before).
// Each run is its own process (imports the BUILT packages): time from process start to the first
// GET /api/tasks answered, RSS then, and peak RSS (VmHWM) once the background count has finished.
//   npx nx build @nerflow/annotate && nice -n 10 node bench/annotate/stream.mjs [--sizes 100000,1000000] [--repeats 3] [--gz 0|1]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);

/** One server process: 'stream' passes the source spec; 'eager' reads it into memory first. */
async function child(how, source, db) {
  const { annotate, Annotator, startServer } = await import('@nerflow/annotate');
  const { openStore } = await import('@nerflow/store');
  const { openExamples } = await import('@nerflow/corpus');
  let h;
  if (how === 'stream') {
    h = await annotate({ dataset: 'bench', source, labels: ['PLATAFORMA'], port: 0, db });
  } else {
    const store = openStore({ db });
    const examples = [];
    for await (const ex of openExamples(source)) examples.push(ex);
    const annotator = await Annotator.create({ store, dataset: 'bench', examples, labels: ['PLATAFORMA'] });
    h = { ...(await startServer({ annotator, port: 0 })), annotator };
  }
  const res = await fetch(`${h.url}api/tasks?n=3&session=ana`);
  const body = await res.json();
  const first = performance.now(); // ms since this process started
  const rssFirst = process.memoryUsage().rss;
  await h.annotator.sourceCounted();
  const counted = performance.now();
  const progress = await (await fetch(`${h.url}api/progress?session=ana`)).json();
  const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  process.stdout.write(JSON.stringify({ first, rssFirst, counted, hwm, tasks: body.tasks.length, total: progress.source_total }) + '\n');
  process.exit(0);
}

/** Real Spanish lines (raw-es: Debian documentation, see ../shared/data/README.md), else fixture sentences. */
function spanishLines() {
  const dir = path.resolve(here, '../../../shared/data/raw-es');
  const lines = new Set();
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) {
      for (const l of readFileSync(path.join(dir, f), 'utf8').split('\n')) if (l.length >= 40 && l.length <= 300) lines.add(l.trim());
    }
  }
  if (!lines.size) {
    console.log('(no ../shared/data/raw-es: using a few fixture sentences, repeated)');
    lines.add('Google Ads mejoró el CTR un 12% en el tercer trimestre.').add('La campaña de Meta Ads se lanzó en Madrid el lunes.');
  }
  return [...lines]; // distinct: the count of texts must equal the number of examples
}

async function writeSource(file, n, lines) {
  const out = createWriteStream(file);
  const sink = file.endsWith('.gz') ? createGzip() : out;
  if (sink !== out) sink.pipe(out);
  for (let i = 0; i < n; i++) {
    const base = lines[i % lines.length];
    // Distinct texts: a repeated line gets its pass number.
    const text = i < lines.length ? base : `${base} (${Math.floor(i / lines.length)})`;
    if (!sink.write(JSON.stringify({ text, meta: { line: i + 1 } }) + '\n')) await once(sink, 'drain');
  }
  sink.end();
  await once(out, 'close');
}

function run(how, source, db) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [new URL(import.meta.url).pathname, 'child', how, source, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`child ${how} exited ${code}`))));
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function main() {
  const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
  const sizes = arg('sizes', '100000,1000000').split(',').map(Number);
  const repeats = Number(arg('repeats', '3'));
  const gz = arg('gz', '0') === '1';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-stream-bench-'));
  const lines = spanishLines();
  const MB = (b) => (b / 1024 / 1024).toFixed(0);
  try {
    console.log(`${lines.length} distinct Spanish lines; ${repeats} runs each; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('examples  how     first task (s)  RSS then (MB)  counted (s)  peak RSS (MB)');
    for (const n of sizes) {
      const source = path.join(dir, `fuente-${n}.jsonl${gz ? '.gz' : ''}`);
      await writeSource(source, n, lines);
      const results = {};
      for (const how of ['stream', 'eager']) {
        const rs = [];
        for (let r = 0; r < repeats; r++) rs.push(await run(how, source, path.join(dir, `b-${how}-${n}-${r}.db`)));
        // A few raw lines equal another line plus its pass number: allow those duplicates.
        if (rs.some((x) => x.total < n * 0.999 || x.tasks !== 3)) throw new Error(`${how}: expected ${n} texts and 3 tasks, got ${JSON.stringify(rs[0])}`);
        results[how] = { first: median(rs.map((x) => x.first)) / 1000, rss: median(rs.map((x) => x.rssFirst)), counted: median(rs.map((x) => x.counted)) / 1000, hwm: median(rs.map((x) => x.hwm)) };
        const m = results[how];
        console.log(`${String(n).padStart(8)}  ${how.padEnd(6)}  ${m.first.toFixed(2).padStart(14)}  ${MB(m.rss).padStart(13)}  ${m.counted.toFixed(2).padStart(11)}  ${MB(m.hwm).padStart(13)}`);
      }
      console.log(`${String(n).padStart(8)}  ratio eager/stream: first task ${(results.eager.first / results.stream.first).toFixed(1)}x, peak RSS ${(results.eager.hwm / results.stream.hwm).toFixed(1)}x`);
      rmSync(source);
    }
    console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') await child(process.argv[3], process.argv[4], process.argv[5]);
else await main();
