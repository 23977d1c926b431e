// Replays the reliability probe of issue 17 against the BUILT CLI (packages/cli/dist/bin.js), as a
// hostile user would: bad inputs over existing outputs, outputs naming inputs, damaged models,
// killed runs, typos, escape sequences, full disks, broken pipes. Prints, per category, cases
// tried / passed, "data lost" (an output or model the user had was changed or removed), stack
// traces and E_INTERNAL for user errors. Goal: every case passes, 0 in the last three columns.
//
// Usage (repo root, after `npm run build`):  node bench/faults/run.mjs [--json out.json]
// Full-disk cases need root (a 64 KiB tmpfs is mounted); permission cases run as `nobody` when root.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const BIN = join(root, 'packages/cli/dist/bin.js');
const HOSTILE = join(root, 'packages/corpus/src/__fixtures__/hostile');
const { tokenize } = await import(join(root, 'packages/corpus/dist/index.js'));
const work = mkdtempSync(join(tmpdir(), 'nerflow-faults-'));
process.chdir(work);

/** Runs `nerflow ARGS`; returns exit code, stdout, stderr. */
function nf(args, o = {}) {
  const r = spawnSync(o.shell ? 'bash' : process.execPath, o.shell ? ['-c', args] : [BIN, ...args], {
    cwd: o.cwd ?? work, env: { ...process.env, NO_COLOR: '1', ...o.env }, encoding: 'utf8', timeout: o.timeout ?? 120_000,
    uid: o.uid, gid: o.gid, maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? (r.signal ? 128 : -1), out: r.stdout ?? '', err: r.stderr ?? '' };
}
const N = `${process.execPath} ${BIN}`;
const hashOf = (p) => {
  if (!existsSync(p)) return 'absent';
  const h = createHash('sha256');
  const walk = (x) => {
    if (statSync(x).isDirectory()) for (const n of readdirSync(x).sort()) { h.update(`${n}\n`); walk(join(x, n)); }
    else h.update(readFileSync(x));
  };
  walk(p);
  return h.digest('hex');
};
const STACK = /\n\s+at .+(:\d+:\d+\)?|\(node:)/;
const ESC = /[\u001b\u0007\u009b]/;

const results = [];
const timings = {};
/** One case: `run` returns { pass, lost?, r? } (r: the last command result, checked for stack traces / E_INTERNAL). */
async function test(category, name, run) {
  if (process.env.FAULTS_ONLY && !process.env.FAULTS_ONLY.split(',').includes(category)) return;
  let res;
  try {
    res = await run();
  } catch (err) {
    res = { pass: false, detail: `threw: ${err.message}` };
  }
  if (res.skip) { results.push({ category, name, skipped: res.skip }); return; }
  const texts = (res.rs ?? (res.r ? [res.r] : [])).map((r) => r.err + r.out);
  const stack = texts.some((t) => STACK.test(t));
  const internal = texts.some((t) => t.includes('E_INTERNAL'));
  const pass = Boolean(res.pass) && !stack && !internal && !res.lost;
  results.push({ category, name, pass, lost: Boolean(res.lost), stack, internal, detail: pass ? undefined : (res.detail ?? texts.join('\n').slice(0, 400)) });
}
const keepFile = (name, text = 'Ana Pérez dirige el Instituto Cervantes.\n'.repeat(2000)) => { writeFileSync(name, text); return hashOf(name); };

// ---------------------------------------------------------------- data
const markup = [
  '[Ana Pérez](PER) vive en [Madrid](LOC).', 'El [Museo del Prado](ORG) abrió en [Madrid](LOC).', '[Luis Gómez](PER) visitó [Sevilla](LOC).',
  'La [Universidad de Salamanca](ORG) premió a [Carmen Ruiz](PER).', '[Pedro Sánchez](PER) llegó a [Bruselas](LOC).', 'El [Real Madrid](ORG) ganó en [Valencia](LOC).',
  '[Marta Díaz](PER) trabaja en [Telefónica](ORG).', 'La [Comisión Europea](ORG) se reunió en [Lisboa](LOC).', '[Javier Marías](PER) nació en [Madrid](LOC).',
  'El [Banco de España](ORG) publicó su informe en [Madrid](LOC).', '[Rosa Montero](PER) escribe en [El País](ORG).', '[Isabel Allende](PER) vivió en [Caracas](LOC).',
];
function fromMarkup(m) {
  const spans = [];
  let text = '';
  for (let rest = m; rest.length;) {
    const a = /\[([^\]]+)\]\(([A-Z]+)\)/.exec(rest);
    if (!a) { text += rest; break; }
    text += rest.slice(0, a.index);
    spans.push({ start: [...text].length, end: [...text].length + [...a[1]].length, label: a[2] });
    text += a[1];
    rest = rest.slice(a.index + a[0].length);
  }
  const tokens = tokenize(text);
  return { text, tokens, answer: 'accept', spans: spans.map((s) => ({ ...s, token_start: tokens.findIndex((t) => t.start === s.start), token_end: tokens.findIndex((t) => t.end === s.end) })) };
}
const gold = markup.map(fromMarkup);
const jsonl = (xs) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
writeFileSync('train.jsonl', jsonl(gold.slice(0, 9)));
writeFileSync('dev.jsonl', jsonl(gold.slice(9)));
writeFileSync('gold.jsonl', jsonl(gold));
writeFileSync('pred.jsonl', jsonl(gold.map((g) => ({ ...g, spans: g.spans.filter((s) => s.label !== 'ORG') }))));
writeFileSync('big.jsonl', jsonl(Array.from({ length: 20000 }, (_, i) => ({ text: `${markup[i % markup.length].replace(/[[\]]|\([A-Z]+\)/g, '')} (${i})` }))));
const FAST = ['--width', '16', '--depth', '1', '--batch-words', '80', '--warmup-steps', '0', '--learn-rate', '0.01'];

// ---------------------------------------------------------------- 1, 2: outputs
await test('outputs', 'convert: bad line 50 over an existing output', () => {
  const before = keepFile('keep.jsonl');
  const r = nf(['convert', join(HOSTILE, 'bad-line-50.jsonl'), 'keep.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes(':50'), lost: hashOf('keep.jsonl') !== before };
});
await test('outputs', 'convert: truncated .gz input', () => {
  const before = keepFile('keep.jsonl');
  const r = nf(['convert', join(HOSTILE, 'truncated.jsonl.gz'), 'keep.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_CORPUS_ENCODING'), lost: hashOf('keep.jsonl') !== before };
});
await test('outputs', 'convert: bad input to an existing .conll', () => {
  const before = keepFile('keep.conll', 'Madrid B-LOC\n');
  const r = nf(['convert', join(HOSTILE, 'bad-line-50.jsonl'), 'keep.conll']);
  return { r, pass: r.code === 1, lost: hashOf('keep.conll') !== before };
});
await test('outputs', 'predict: bad line 50 over an existing output', () => {
  const before = keepFile('keep-pred.jsonl');
  const r = nf(['predict', 'es-base', join(HOSTILE, 'bad-line-50.jsonl'), '-o', 'keep-pred.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes(':50'), lost: hashOf('keep-pred.jsonl') !== before };
});
await test('outputs', 'eval --json naming the gold file', () => {
  const before = hashOf('gold.jsonl');
  const r = nf(['eval', '--gold', 'gold.jsonl', '--pred', 'pred.jsonl', '--json', 'gold.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_OUTPUT_IS_INPUT'), lost: hashOf('gold.jsonl') !== before };
});
await test('outputs', 'eval --report naming the predictions', () => {
  const before = hashOf('pred.jsonl');
  const r = nf(['eval', '--gold', 'gold.jsonl', '--pred', 'pred.jsonl', '--report', './pred.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_OUTPUT_IS_INPUT'), lost: hashOf('pred.jsonl') !== before };
});
await test('outputs', 'convert: output = input', () => {
  const before = hashOf('gold.jsonl');
  const r = nf(['convert', 'gold.jsonl', 'gold.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_OUTPUT_IS_INPUT'), lost: hashOf('gold.jsonl') !== before };
});
await test('outputs', 'predict --out = input', () => {
  const before = hashOf('gold.jsonl');
  const r = nf(['predict', 'es-base', 'gold.jsonl', '-o', 'gold.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_OUTPUT_IS_INPUT'), lost: hashOf('gold.jsonl') !== before };
});

// ---------------------------------------------------------------- 3, 7, issue 14 #4: model folders
const model = join(work, 'modelo');
const trained = nf(['train', '--train', 'train.jsonl', '--dev', 'dev.jsonl', '--out', model, '--max-epochs', '2', ...FAST]);
const modelHash = hashOf(model);
await test('models', 'train writes a whole model (manifest, complete, no leftovers)', () => {
  const m = existsSync(join(model, 'manifest.json')) && JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8'));
  return { r: trained, pass: trained.code === 0 && m && m.complete === true && !existsSync(`${model}.checkpoint`) && readdirSync(work).every((n) => !n.includes('.partial')) };
});
await test('models', 'train into an existing model without --overwrite', () => {
  const r = nf(['train', '--train', 'train.jsonl', '--out', model, '--max-epochs', '1', ...FAST]);
  return { r, pass: r.code === 1 && r.err.includes('E_MODEL_OUT_EXISTS'), lost: hashOf(model) !== modelHash };
});
await test('models', 'train into a folder holding other files, even with --overwrite', () => {
  mkdirSync('tesis', { recursive: true });
  writeFileSync('tesis/capitulo1.txt', 'Introducción');
  const before = hashOf('tesis');
  const r = nf(['train', '--train', 'train.jsonl', '--out', 'tesis', '--overwrite', '--max-epochs', '1', ...FAST]);
  return { r, pass: r.code === 1 && r.err.includes('E_MODEL_OUT_EXISTS'), lost: hashOf('tesis') !== before };
});
await test('models', '--out naming a file is refused before training', () => {
  const r = nf(['train', '--train', 'train.jsonl', '--out', 'train.jsonl', '--max-epochs', '1', ...FAST]);
  return { r, pass: r.code === 1 && r.err.includes('E_OUTPUT_NOT_DIR') };
});
await test('models', 'kill -9 during train --overwrite leaves the finished model', async () => {
  const copy = join(work, 'modelo-kill');
  cpSync(model, copy, { recursive: true });
  const before = hashOf(copy);
  const child = spawn(process.execPath, [BIN, 'train', '--train', 'train.jsonl', '--dev', 'dev.jsonl', '--out', copy, '--overwrite', '--max-epochs', '200', '--patience', '0', ...FAST], { stdio: 'ignore' });
  const t0 = Date.now();
  while (!existsSync(`${copy}.checkpoint`) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const r = nf(['predict', copy, 'gold.jsonl', '-o', 'p-kill.jsonl']);
  return { r, pass: r.code === 0, lost: hashOf(copy) !== before };
});
const damaged = (name, damage) => { const d = join(work, name); cpSync(model, d, { recursive: true }); damage(d); return d; };
await test('models', 'random bytes in head/weights.bin', () => {
  const d = damaged('m-basura', (d) => { const f = join(d, 'head/weights.bin'); const b = readFileSync(f); for (let i = 0; i < b.length; i += 7) b[i] ^= 0x5a; writeFileSync(f, b); });
  const r = nf(['predict', d, 'gold.jsonl', '-o', 'x.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_MODEL_CORRUPT') && r.err.includes('head/weights.bin') };
});
await test('models', 'truncated tok2vec/weights.bin', () => {
  const d = damaged('m-trunc', (d) => { const f = join(d, 'tok2vec/weights.bin'); writeFileSync(f, readFileSync(f).subarray(0, 1000)); });
  const r = nf(['predict', d, 'gold.jsonl', '-o', 'x.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_MODEL_CORRUPT') && r.err.includes('tok2vec/weights.bin') };
});
await test('models', 'NaN weights (folder without a manifest)', () => {
  const d = damaged('m-nan', (d) => { rmSync(join(d, 'manifest.json')); const f = join(d, 'head/weights.bin'); const b = readFileSync(f); b.writeFloatLE(NaN, 0); writeFileSync(f, b); });
  const r = nf(['predict', d, 'gold.jsonl', '-o', 'x.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_MODEL_CORRUPT') && r.err.includes('NaN') };
});
await test('models', 'complete:false refused by predict and eval, accepted with --allow-incomplete', () => {
  const d = damaged('m-incompleto', (d) => { const f = join(d, 'manifest.json'); writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), complete: false })); });
  const a = nf(['predict', d, 'gold.jsonl', '-o', 'x.jsonl']);
  const b = nf(['eval', d, 'gold.jsonl']);
  const c = nf(['predict', d, 'gold.jsonl', '-o', 'x.jsonl', '--allow-incomplete']);
  return { rs: [a, b, c], pass: a.code === 1 && a.err.includes('E_MODEL_INCOMPLETE') && b.code === 1 && b.err.includes('E_MODEL_INCOMPLETE') && c.code === 0 };
});
await test('models', 'another tok2vec weight layout', () => {
  const d = damaged('m-layout', (d) => { const f = join(d, 'config.json'); const c = JSON.parse(readFileSync(f, 'utf8')); c.encoder.layout = 2; writeFileSync(f, JSON.stringify(c)); });
  const r = nf(['predict', d, 'gold.jsonl', '-o', 'x.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_MODEL_LAYOUT') };
});
await test('models', 'the shipped es-base still loads (checksums verified)', () => {
  const r = nf(['predict', 'es-base', 'gold.jsonl', '-o', 'es.jsonl']);
  return { r, pass: r.code === 0 && readFileSync('es.jsonl', 'utf8').split('\n').filter(Boolean).length === gold.length };
});

// ---------------------------------------------------------------- 4, 5, 12: pipeline
mkdirSync('pipe', { recursive: true });
writeFileSync('pipe/slow-stage.mjs', `import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
export default { name: 'faults.fold', version: '1', description: 'writes a model-like folder, slowly when told',
  options: { safeParse: (v) => ({ success: true, data: v }) }, inputs: (o) => [o.input], outputs: (o) => [o.out],
  async run(o) {
    mkdirSync(o.out, { recursive: true });
    writeFileSync(o.out + '/meta.json', JSON.stringify({ complete: false }));
    writeFileSync(o.out + '/weights.txt', readFileSync(o.input, 'utf8').toUpperCase());
    if (process.env.FAULTS_SLOW) await new Promise((r) => setTimeout(r, 60000));
    writeFileSync(o.out + '/meta.json', JSON.stringify({ complete: true }));
  } };
`);
writeFileSync('pipe/data.txt', 'Ana Pérez vive en Madrid.');
writeFileSync('pipe/pipeline.yaml', 'steps:\n  train:\n    use: ./slow-stage.mjs\n    with: { input: data.txt, out: model }\n');
await test('pipeline', 'kill -9 mid-step after an input change, input restored: the step runs again', async () => {
  const first = nf(['run', 'pipe/pipeline.yaml']);
  writeFileSync('pipe/data.txt', 'Otro texto: Sevilla.');
  const child = spawn(process.execPath, [BIN, 'run', 'pipe/pipeline.yaml'], { env: { ...process.env, FAULTS_SLOW: '1' }, stdio: 'ignore' });
  const t0 = Date.now();
  while (!(existsSync('pipe/model/weights.txt') && readFileSync('pipe/model/weights.txt', 'utf8').includes('SEVILLA')) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  writeFileSync('pipe/data.txt', 'Ana Pérez vive en Madrid.');
  const again = nf(['run', 'pipe/pipeline.yaml']);
  const ok = readFileSync('pipe/model/weights.txt', 'utf8') === 'ANA PÉREZ VIVE EN MADRID.';
  return { rs: [first, again], pass: first.code === 0 && again.code === 0 && /ran\s+train/.test(again.out + again.err) && ok, lost: !ok };
});
await test('pipeline', 'an output edited after the step is made again', () => {
  writeFileSync('pipe/model/weights.txt', 'basura');
  const r = nf(['run', 'pipe/pipeline.yaml']);
  return { r, pass: r.code === 0 && readFileSync('pipe/model/weights.txt', 'utf8').startsWith('ANA'), detail: `${r.out}${r.err}\n${readFileSync('pipe/pipeline.lock.json', 'utf8')}` };
});
for (const [typo, right] of [['maxEpoch', 'maxEpochs'], ['reprot', 'report'], ['jsn', 'json'], ['unitt', 'unit']]) {
  await test('pipeline', `option typo "${typo}" is an error with line:col`, () => {
    const stage = typo === 'unitt' ? 'ingest' : typo === 'maxEpoch' ? 'train' : 'eval';
    const w = stage === 'ingest' ? '{ paths: [pdfs], out: corpus, unitt: sentence }' : stage === 'train' ? `{ train: train.jsonl, out: m, ${typo}: 1 }` : `{ gold: gold.jsonl, pred: pred.jsonl, ${typo}: r.out }`;
    writeFileSync('typo.yaml', `steps:\n  s:\n    use: ${stage}\n    with: ${w}\n`);
    const r = nf(['run', 'typo.yaml']);
    return { r, pass: r.code !== 0 && r.err.includes('E_PIPELINE_OPTIONS') && /typo\.yaml:4: 4:\d+/.test(r.err) && r.err.includes(right) };
  });
}
await test('pipeline', 'two steps writing one output', () => {
  writeFileSync('twice.yaml', 'steps:\n  a: { use: eval, with: { gold: gold.jsonl, pred: pred.jsonl, json: r.json } }\n  b: { use: eval, with: { gold: gold.jsonl, pred: pred.jsonl, json: r.json } }\n');
  const r = nf(['run', 'twice.yaml']);
  return { r, pass: r.code !== 0 && r.err.includes('E_PIPELINE_SAME_OUTPUT') };
});

// ---------------------------------------------------------------- 8, 12: store
const bad = { ...gold[0], spans: [{ start: 12, end: 400, token_start: 2, token_end: 90, label: 'LOC' }] };
writeFileSync('bad-spans.jsonl', jsonl([gold[1], gold[2], bad]));
await test('store', 'db import refuses out-of-range spans, stores nothing', () => {
  const r = nf(['db', 'import', 'noticias', 'bad-spans.jsonl', '--db', 'a.db']);
  const s = nf(['db', 'stats', '--db', 'a.db']);
  return { rs: [r], pass: r.code === 1 && r.err.includes('E_CORPUS_SPAN_OUT_OF_RANGE') && r.err.includes(':3') && !s.out.includes('noticias') };
});
await test('store', 'db import refuses overlapping spans', () => {
  const t = 'Banco de España subió los tipos.';
  const tk = tokenize(t);
  writeFileSync('overlap.jsonl', jsonl([{ text: t, tokens: tk, answer: 'accept', spans: [{ start: 0, end: 15, token_start: 0, token_end: 2, label: 'ORG' }, { start: 9, end: 15, token_start: 2, token_end: 2, label: 'LOC' }] }]));
  const r = nf(['db', 'import', 'noticias', 'overlap.jsonl', '--db', 'b.db']);
  return { r, pass: r.code === 1 && r.err.includes('E_CORPUS_SPAN_OVERLAP') };
});
await test('store', 'db stats --db typo/x.db creates nothing', () => {
  const r = nf(['db', 'stats', '--db', 'tipo/x.db']);
  return { r, pass: r.code === 1 && r.err.includes('E_STORE_NO_DB') && !existsSync('tipo') };
});

// ---------------------------------------------------------------- 6, 9: annotate server
async function startAnnotate(db, port, env = {}) {
  const child = spawn(process.execPath, [BIN, 'annotate', 'noticias', 'gold.jsonl', '--labels', 'PER,LOC,ORG', '--db', db, '--port', String(port)], { env: { ...process.env, NO_COLOR: '1', ...env } });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  const t0 = Date.now();
  while (!/http:\/\//.test(text) && child.exitCode === null && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 50));
  return { child, text: () => text };
}
const stop = async (s) => { s.child.kill('SIGINT'); await new Promise((r) => (s.child.exitCode !== null ? r() : s.child.once('exit', r))); };
await test('annotate', 'a second server on the same SQLite file refuses to start', async () => {
  const first = await startAnnotate('ann.db', 18931);
  const second = nf(['annotate', 'noticias', 'gold.jsonl', '--labels', 'PER', '--db', 'ann.db', '--port', '18932'], { timeout: 20_000 });
  await stop(first);
  return { r: second, pass: second.code === 1 && second.err.includes('E_ANNOTATE_DB_BUSY') };
});
await test('annotate', 'malformed token cookie gets 401, not 500; t2 cannot answer t1\'s task', async () => {
  const s = await startAnnotate('ann2.db', 18933, { NERFLOW_ANNOTATE_TOKEN: 'secreto' });
  try {
    const cookie = await fetch('http://127.0.0.1:18933/api/config', { headers: { cookie: 'nerflow_token=%E0%A4%A' } });
    const auth = { authorization: 'Bearer secreto' };
    const { tasks } = await (await fetch('http://127.0.0.1:18933/api/tasks?n=1&session=t1', { headers: auth })).json();
    const answer = await fetch('http://127.0.0.1:18933/api/answers?session=t2', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ answers: [{ _task_hash: tasks[0]._task_hash, answer: 'accept', spans: [] }] }) });
    return { pass: cookie.status === 401 && answer.status === 409, detail: `cookie ${cookie.status}, lease ${answer.status}` };
  } finally {
    await stop(s);
  }
});

// ---------------------------------------------------------------- 9: terminal escapes
const osc = '\u001b]0;PWNED\u0007\u001b[2J';
const clip = '\u001b]52;c;ZWNobyBQV05FRA==\u0007';
const escGold = { ...gold[0], spans: gold[0].spans.map((s) => ({ ...s, label: `PER${osc}` })) };
const escPred = { ...gold[0], spans: gold[0].spans.map((s) => ({ ...s, label: `LOC${clip}` })) };
writeFileSync('esc-gold.jsonl', jsonl([escGold]));
writeFileSync('esc-pred.jsonl', jsonl([escPred]));
await test('terminal', 'eval prints escape-laden labels escaped', () => {
  const r = nf(['eval', '--gold', 'esc-gold.jsonl', '--pred', 'esc-pred.jsonl']);
  return { r, pass: r.code === 0 && !ESC.test(r.out + r.err) && r.out.includes('\\e]') };
});
await test('terminal', 'validate refuses and shows escape sequences in labels', () => {
  const r = nf(['validate', join(HOSTILE, 'escapes.jsonl')]);
  return { r, pass: r.code === 1 && !ESC.test(r.out + r.err) && (r.out + r.err).includes('control characters') };
});
await test('terminal', 'a file name with an OSC sequence in an error message', () => {
  const r = nf(['convert', `nada${osc}.jsonl`, 'x.jsonl']);
  return { r, pass: r.code === 1 && !ESC.test(r.out + r.err) && r.err.includes('E_FILE_NOT_FOUND') };
});

// ---------------------------------------------------------------- 10: system errors
await test('system', 'EPIPE: `convert big.jsonl - | head -1` exits 0, quietly', () => {
  const r = nf(`${N} convert big.jsonl - | head -1 > /dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`, { shell: true });
  return { r, pass: r.err.trim().endsWith('rc=0') && r.err.trim() === 'rc=0' };
});
await test('system', 'EPIPE: `predict es-base gold.jsonl | head -c 10`', () => {
  const r = nf(`${N} predict es-base big.jsonl | head -c 10 > /dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`, { shell: true });
  return { r, pass: /rc=0$/.test(r.err.trim()) && !r.err.includes('[E_') };
});
await test('system', 'EISDIR: a folder where an input file is expected', () => {
  mkdirSync('carpeta', { recursive: true });
  const r = nf(['convert', 'carpeta', 'x.jsonl']);
  return { r, pass: r.code === 1 && r.err.includes('E_FILE_IS_DIR') && r.err.includes('carpeta') };
});
await test('system', 'ENOTDIR: an output below a file', () => {
  const r = nf(['convert', 'gold.jsonl', 'gold.jsonl/x.jsonl']);
  return { r, pass: r.code === 1 && /E_OUTPUT_NOT_DIR|E_FILE_NOT_DIR/.test(r.err) };
});
await test('system', '--report pointing at a folder', () => {
  const r = nf(['eval', '--gold', 'gold.jsonl', '--pred', 'pred.jsonl', '--report', 'carpeta']);
  return { r, pass: r.code === 1 && r.err.includes('E_OUTPUT_IS_DIR') };
});
await test('system', 'EACCES: an unwritable output folder', () => {
  mkdirSync('solo-lectura', { recursive: true });
  chmodSync('solo-lectura', 0o555);
  chmodSync(work, 0o777);
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  for (const f of readdirSync(work)) if (f.endsWith('.jsonl')) chmodSync(join(work, f), 0o644);
  const r = nf(['convert', join(work, 'gold.jsonl'), 'solo-lectura/x.jsonl'], { ...asNobody, env: { HOME: work } });
  return { r, pass: r.code === 1 && /E_OUTPUT_NOT_WRITABLE|E_FILE_ACCESS/.test(r.err) };
});
const full = join(work, 'lleno');
mkdirSync(full, { recursive: true });
const mounted = process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]).status === 0;
await test('system', 'ENOSPC: a full disk keeps the previous output', () => {
  if (!mounted) return { skip: 'needs root to mount a 64 KiB tmpfs' };
  writeFileSync(join(full, 'out.jsonl'), 'previo\n');
  const r = nf(['convert', 'big.jsonl', join(full, 'out.jsonl')]);
  const left = readdirSync(full);
  return { r, pass: r.code === 1 && r.err.includes('E_DISK_FULL') && left.length === 1, lost: readFileSync(join(full, 'out.jsonl'), 'utf8') !== 'previo\n' };
});
await test('system', 'ENOSPC: training onto a full disk keeps nothing half-written', () => {
  if (!mounted) return { skip: 'needs root to mount a 64 KiB tmpfs' };
  const r = nf(['train', '--train', 'train.jsonl', '--out', join(full, 'modelo'), '--max-epochs', '1', ...FAST]);
  return { r, pass: r.code === 1 && r.err.includes('E_DISK_FULL') && !existsSync(join(full, 'modelo')) };
});
if (mounted) spawnSync('umount', [full]);

// ---------------------------------------------------------------- 11, 12: silent data problems
await test('silent data', 'CoNLL without blank lines is reported by validate', () => {
  const r = nf(['validate', join(HOSTILE, 'no-blank-lines.conll')]);
  return { r, pass: r.code === 1 && (r.out + r.err).includes('one sentence of') };
});
await test('silent data', 'Latin-1 .txt is ingested as Año (with a warning), not A\uFFFDo', () => {
  mkdirSync('latin', { recursive: true });
  cpSync(join(HOSTILE, 'latin1.txt'), 'latin/texto.txt');
  const r = nf(['ingest', 'latin', '--out', 'latin-out']);
  const text = existsSync('latin-out/examples.jsonl') ? readFileSync('latin-out/examples.jsonl', 'utf8') : '';
  return { r, pass: r.code === 0 && text.includes('Año') && !text.includes('\uFFFD') };
});
await test('silent data', 'UTF-16 .txt is ingested correctly', () => {
  mkdirSync('utf16', { recursive: true });
  cpSync(join(HOSTILE, 'utf16le.txt'), 'utf16/texto.txt');
  const r = nf(['ingest', 'utf16', '--out', 'utf16-out']);
  const text = existsSync('utf16-out/examples.jsonl') ? readFileSync('utf16-out/examples.jsonl', 'utf8') : '';
  return { r, pass: r.code === 0 && text.includes('Logroño') && !text.includes('\\u0000') };
});
await test('silent data', 'eval --labels NOPE is an error', () => {
  const r = nf(['eval', '--gold', 'gold.jsonl', '--pred', 'pred.jsonl', '--labels', 'NOPE']);
  return { r, pass: r.code === 1 && r.err.includes('E_EVAL_UNKNOWN_LABEL') };
});
await test('silent data', 'eval with disjoint gold/predicted labels warns', () => {
  writeFileSync('otras.jsonl', jsonl(gold.map((g) => ({ ...g, spans: g.spans.map((s) => ({ ...s, label: 'CIUDAD' })) }))));
  const r = nf(['eval', '--gold', 'gold.jsonl', '--pred', 'otras.jsonl']);
  return { r, pass: r.code === 0 && r.err.includes('nothing in common') };
});
await test('silent data', 'a span past the end is reported as such, not as an overlap', () => {
  const r = nf(['validate', join(HOSTILE, 'span-past-end.jsonl')]);
  return { r, pass: r.code === 1 && (r.out + r.err).includes('past the end') && !(r.out + r.err).includes('overlap') };
});
await test('silent data', '`ingest . --out .` twice does not read its own output', () => {
  mkdirSync('aqui', { recursive: true });
  writeFileSync('aqui/nota.txt', 'Ana Pérez vive en Madrid.\n\nEl Museo del Prado abrió en Sevilla.\n');
  const a = nf(['ingest', '.', '--out', '.'], { cwd: join(work, 'aqui') });
  const b = nf(['ingest', '.', '--out', '.'], { cwd: join(work, 'aqui') });
  const lines = readFileSync('aqui/examples.jsonl', 'utf8').split('\n').filter(Boolean).length;
  return { rs: [a, b], pass: a.code === 0 && b.code === 0 && lines === 2, detail: `${lines} examples; ${a.err}${b.err}` };
});
await test('silent data', 'a bad line in a .jsonl given to ingest is located', () => {
  mkdirSync('malos', { recursive: true });
  cpSync(join(HOSTILE, 'bad-line-50.jsonl'), 'malos/notas.jsonl');
  const r = nf(['ingest', 'malos', '--out', 'malos-out']);
  return { r, pass: (r.out + r.err).includes('line 50') };
});
await test('silent data', 'a YAML syntax error and a failing step are located', () => {
  writeFileSync('roto.yaml', 'steps:\n  a:\n    use: eval\n    with: { gold: gold.jsonl, pred: pred.jsonl\n');
  const a = nf(['run', 'roto.yaml']);
  writeFileSync('falla.yaml', 'steps:\n  a:\n    use: eval\n    with: { gold: gold.jsonl, pred: pred.jsonl, labels: NOPE }\n');
  const b = nf(['run', 'falla.yaml']);
  return { rs: [a, b], pass: /roto\.yaml:\d+/.test(a.err) && /falla\.yaml:\d+/.test(b.out + b.err) };
});
await test('silent data', 'one 50 MB line is read in linear time (vs the same bytes in 50 lines)', () => {
  const mb = 1024 * 1024;
  writeFileSync('long.jsonl', `${JSON.stringify({ text: 'Bruselas '.repeat(50 * mb / 9) })}\n`);
  writeFileSync('many.jsonl', Array.from({ length: 50 }, () => JSON.stringify({ text: 'Bruselas '.repeat(mb / 9) })).join('\n') + '\n');
  const time = (f) => { const t0 = performance.now(); const r = nf(['validate', f]); return { r, s: (performance.now() - t0) / 1000 }; };
  const many = time('many.jsonl');
  const long = time('long.jsonl');
  const ratio = long.s / many.s;
  timings.longLine = { longSeconds: +long.s.toFixed(2), manyLinesSeconds: +many.s.toFixed(2), ratio: +ratio.toFixed(2) };
  return { rs: [long.r, many.r], pass: long.r.code === 0 && many.r.code === 0 && ratio < 3, detail: `one line ${long.s.toFixed(1)} s, 50 lines ${many.s.toFixed(1)} s (ratio ${ratio.toFixed(2)})` };
});

// ---------------------------------------------------------------- the table
const cats = [...new Set(results.map((r) => r.category))];
const rows = cats.map((c) => {
  const rs = results.filter((r) => r.category === c && !r.skipped);
  return [c, rs.length, rs.filter((r) => r.pass).length, rs.filter((r) => r.lost).length, rs.filter((r) => r.stack).length, rs.filter((r) => r.internal).length];
});
const total = rows.reduce((a, r) => a.map((x, i) => (i === 0 ? 'total' : x + r[i])), ['total', 0, 0, 0, 0, 0]);
const header = ['category', 'tried', 'passed', 'data lost', 'stack traces', 'E_INTERNAL'];
const table = [header, ...rows, total].map((r) => `| ${r.join(' | ')} |`);
table.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
console.log(table.join('\n'));
if (timings.longLine) console.log(`50 MB line: ${timings.longLine.longSeconds} s; the same bytes in 50 lines: ${timings.longLine.manyLinesSeconds} s (ratio ${timings.longLine.ratio})`);
for (const r of results.filter((x) => x.skipped)) console.log(`skipped: [${r.category}] ${r.name}: ${r.skipped}`);
for (const r of results.filter((x) => !x.skipped && !x.pass)) console.log(`FAILED: [${r.category}] ${r.name}${r.lost ? ' (DATA LOST)' : ''}\n  ${String(r.detail ?? '').replace(/\n/g, '\n  ')}`);
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0) writeFileSync(resolve(root, process.argv[jsonAt + 1]), JSON.stringify(results, null, 1));
chmodSync(work, 0o700);
rmSync(work, { recursive: true, force: true });
process.exitCode = results.every((r) => r.skipped || r.pass) ? 0 : 1;
