// Does teach mode save annotation work? (issue 19 #6) A simulated annotator answers from gold:
// - manual: random order, each sentence answered with its full gold spans of the new type (what
//   `nerflow annotate --mode manual` stores);
// - teach: binary accept/reject on one suggested span at a time, most uncertain first, with the
//   model updated in the loop (`nerflow annotate --mode teach --model M0`): nerflow's own Annotator
//   (task feed, uncertainty ordering, background NerPredictor.update every --update-every answers).
// Both arms start from the same seed set (the first --seed-sentences of the shuffled pool, annotated
// manually); M0, the teach model, is trained on it. At every --step seconds of simulated annotator
// time, each arm's collected answers (seed set + the arm's dataset, read back from the store as
// `nerflow train --train db:DATASET` reads it) train a model from scratch (@nerflow/train's trainNer,
// the trainer of `nerflow train` and `eval curve`), scored on a fixed dev slice; teach's in-loop
// model is scored too. The annotator is exact: a teach span is accepted iff it is a gold span
// (same tokens, same label), as Prodigy's ner.teach asks.
//
//   npm run build
//   flock /tmp/cpu.lock nice -n 10 node bench/annotate/simulate.mjs --seeds 1,2,3 --out bench/annotate/results/DATE
//
// Data (research only, never committed): COALAS ENG (../shared/data/newtypes/coalas, CC BY-NC-SA)
// or CoNLL-2002 MISC (--data conll-misc). Writes OUT/points.jsonl (one line per checkpoint) and
// OUT/run.json (settings, load, wall time); summarize.mjs turns them into the tables and chart.
import { existsSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PatternMatcher, readCorpus, scoreChunks, tokenize } from '@nerflow/corpus';
import { quietContext } from '@nerflow/core';
import { SqliteStore } from '@nerflow/store';
import { Annotator } from '@nerflow/annotate';
import { loadModel, trainNer } from '@nerflow/train';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const shared = path.resolve(root, '../shared/data');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const num = (name, dflt) => Number(opt(name, dflt));

const DATA = {
  coalas: { train: 'newtypes/coalas/train.txt', dev: 'newtypes/coalas/dev.txt', label: 'ENG' },
  'conll-misc': { train: 'conll2002-es/esp.train', dev: 'conll2002-es/esp.testa', label: 'MISC' },
};
const dataName = opt('data', 'coalas');
const data = DATA[dataName];
if (!data) throw new Error(`--data ${dataName}: use one of ${Object.keys(DATA).join(', ')}`);
const S = {
  data: dataName,
  label: data.label,
  seeds: opt('seeds', '1,2,3').split(',').map(Number),
  /** Sentences annotated manually before teach can start (both arms begin with them). */
  seedSentences: num('seed-sentences', 100),
  /** Simulated annotator seconds: per binary (teach) answer and per manual sentence. */
  binarySeconds: num('binary-s', 3),
  manualSeconds: num('manual-s', 10),
  /** Checkpoint every STEP simulated seconds after the seed set, until UNTIL seconds (seed set included). */
  step: num('step', 600),
  until: num('until', 6000),
  /** Dev slices: the first EVAL sentences of the dev file are scored; the next SELECT choose the best epoch. */
  evalDev: num('eval-dev', 800),
  selectDev: num('select-dev', 300),
  /** Pool: the first POOL sentences of the train file (0: all). */
  pool: num('pool', 0),
  updateEvery: num('update-every', 10),
  /** Teach restarts (a new server over the same source and dataset) when a pass runs out of questions. */
  maxPasses: num('max-passes', 3),
  /** Which arms to run (the manual arm does not depend on teach's settings: rerun teach alone). */
  arms: opt('arms', 'manual,teach').split(','),
  /**
   * Teach suggestions from patterns as well (`nerflow annotate --patterns`): `seed` = one lower-case
   * token pattern per distinct gold span text of the seed set (what to-patterns would make of it).
   */
  patterns: opt('patterns', 'none'),
  train: {
    labels: [data.label], width: num('width', 64), depth: num('depth', 2), maxEpochs: num('epochs', 8), patience: 0, threads: 1,
    warmupSteps: 20, batchWords: 500, vectors: path.join(root, 'packages/model-es-base/model/tok2vec/vectors'),
  },
};
const OUT = path.resolve(opt('out', path.join(root, 'bench/annotate/results/tmp')));
mkdirSync(OUT, { recursive: true });
const pointsFile = path.join(OUT, 'points.jsonl');
if (!args.includes('--append')) rmSync(pointsFile, { force: true });
const modelsDir = path.join(os.tmpdir(), `nerflow-simulate-${process.pid}`);

if (!existsSync(path.join(shared, data.train))) {
  console.log(`skipped: ${path.join(shared, data.train)} is absent (research data, see ../shared/data/README.md)`);
  process.exit(0);
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const started = performance.now();
const loadStart = load();
console.log(`simulate ${dataName} ${S.label}: seeds ${S.seeds.join(',')}, load ${loadStart}`);

/** Only the new type's spans count (COALAS' OTHER, CoNLL's PER/LOC/ORG are O here). */
const onlyLabel = (ex) => ({ ...ex, spans: (ex.spans ?? []).filter((s) => s.label === S.label) });
const readAll = async (f) => (await readCorpus(path.join(shared, f))).map((l) => onlyLabel(l.example));
let pool = await readAll(data.train);
if (S.pool) pool = pool.slice(0, S.pool);
const devAll = await readAll(data.dev);
const evalDev = devAll.slice(0, S.evalDev);
const selectDev = devAll.slice(S.evalDev, S.evalDev + S.selectDev);
const goldByInput = new Map(pool.map((ex) => [ex._input_hash, ex]));
if (goldByInput.size !== pool.length) console.log(`note: ${pool.length - goldByInput.size} duplicate sentences in the pool (same text)`);
const spanCount = (xs) => xs.reduce((n, x) => n + x.spans.length, 0);
console.log(`pool ${pool.length} sentences (${spanCount(pool)} ${S.label} spans); eval dev ${evalDev.length} (${spanCount(evalDev)}), select dev ${selectDev.length} (${spanCount(selectDev)})`);

/** What the annotator is shown: the text and its tokens, no gold spans. */
const unlabelled = (ex) => ({ text: ex.text, tokens: ex.tokens, _input_hash: ex._input_hash });
const key = (s) => `${s.token_start}:${s.token_end}:${s.label}`;
const chunks = (ex) => ex.spans.map((s) => ({ start: s.token_start, end: s.token_end + 1, label: s.label }));

async function score(predictor) {
  const pred = await predictor.predict(evalDev.map(unlabelled));
  const m = scoreChunks(evalDev.map(chunks), pred.map((p) => chunks({ spans: (p.spans ?? []).filter((s) => s.label === S.label) }))).micro;
  return { p: m.p, r: m.r, f: m.f, tp: m.tp, fp: m.fp, fn: m.fn };
}

let trainings = 0;
/** A model trained from scratch on these answers (the store's records, as db:DATASET gives them), scored on eval dev. */
async function trainAndScore(examples, seed) {
  const t0 = performance.now();
  const out = path.join(modelsDir, `m${trainings++}`);
  await trainNer({ train: examples, dev: selectDev, out, seed, settings: S.train }, quietContext());
  const predictor = await loadModel(out);
  const s = await score(predictor);
  return { model: out, predictor, scores: s, trainSeconds: (performance.now() - t0) / 1000 };
}
const stored = async (store, dataset) => { const xs = []; for await (const ex of store.examples(dataset)) xs.push(ex); return xs; };

function shuffled(n, seed) {
  // mulberry32: the same order for the same seed on every machine.
  let a = seed >>> 0;
  const rnd = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [idx[i], idx[j]] = [idx[j], idx[i]]; }
  return idx;
}

/** The manual answer: every gold span of the sentence (token_end inclusive, as the API takes it). */
const manualAnswer = (task) => {
  const gold = goldByInput.get(task._input_hash);
  return { _task_hash: task._task_hash, answer: 'accept', spans: gold.spans.map((s) => ({ token_start: s.token_start, token_end: s.token_end, label: s.label })) };
};

async function annotateManually(store, dataset, examples, until) {
  const a = await Annotator.create({ store, dataset, examples: examples.map(unlabelled), labels: [S.label], mode: 'manual' });
  let n = 0;
  for (; n < until; n++) {
    const [task] = await a.tasks('sim', 1);
    if (!task) break;
    await a.answer('sim', [manualAnswer(task)]);
  }
  await a.close();
  return n;
}

function record(point) {
  point.wall_s = Math.round((performance.now() - started) / 100) / 10;
  appendFileSync(pointsFile, `${JSON.stringify(point)}\n`);
  const f = (x) => (x ? (100 * x.f).toFixed(1).padStart(5) : '    -');
  console.log(`seed ${point.seed} ${point.arm.padEnd(6)} t=${String(point.time_s).padStart(5)} s answers ${String(point.answers).padStart(4)} `
    + `retrained F1 ${f(point.retrained)}${point.arm === 'teach' ? ` in-loop F1 ${f(point.inloop)} accept ${point.accepts}/${point.answers} pass ${point.pass}` : ''} (train ${point.train_s.toFixed(1)} s)`);
}

const checkpoints = [];
const t0 = S.seedSentences * S.manualSeconds;
for (let t = t0; t <= S.until + 1e-9; t += S.step) checkpoints.push(t);

for (const seed of S.seeds) {
  const order = shuffled(pool.length, seed).map((i) => pool[i]);
  const seedSet = order.slice(0, S.seedSentences);
  const rest = order.slice(S.seedSentences);
  const store = new SqliteStore(':memory:');
  const seedTerms = [...new Set(seedSet.flatMap((ex) => ex.spans.map((sp) => ex.tokens.slice(sp.token_start, sp.token_end + 1).map((t) => t.text.toLowerCase()).join(' '))))];
  const matcher = S.patterns === 'seed'
    ? new PatternMatcher(seedTerms.map((t) => ({ label: S.label, pattern: t.split(' ').map((w) => ({ lower: w })) })), { tokenize, phraseAttr: 'lower' })
    : undefined;
  if (matcher) console.log(`seed ${seed}: ${seedTerms.length} patterns from the seed set's spans`);
  await annotateManually(store, 'seed', seedSet, Infinity);
  const seedAnswers = await stored(store, 'seed');
  const m0 = await trainAndScore(seedAnswers, seed);
  const base = { data: dataName, label: S.label, seed, time_s: t0, seed_sentences: S.seedSentences, seed_spans: spanCount(seedSet) };
  for (const arm of S.arms) {
    record({ ...base, arm, answers: 0, sentences: S.seedSentences, accepts: 0, spans: 0, pass: 0, retrained: m0.scores, inloop: arm === 'teach' ? m0.scores : undefined, train_s: m0.trainSeconds });
  }

  // Manual: the next sentences of the random order, each checkpoint's answers retrained from scratch.
  if (S.arms.includes('manual')) {
    const a = await Annotator.create({ store, dataset: 'manual', examples: rest.map(unlabelled), labels: [S.label], mode: 'manual' });
    let answers = 0, spans = 0;
    for (const t of checkpoints.slice(1)) {
      const target = Math.floor((t - t0) / S.manualSeconds);
      while (answers < target) {
        const [task] = await a.tasks('sim', 1);
        if (!task) break;
        const ans = manualAnswer(task);
        await a.answer('sim', [ans]);
        answers++;
        spans += ans.spans.length;
      }
      const r = await trainAndScore([...seedAnswers, ...(await stored(store, 'manual'))], seed);
      r.predictor.dispose();
      record({ ...base, arm: 'manual', time_s: t, answers, sentences: S.seedSentences + answers, accepts: answers, spans, pass: 1, retrained: r.scores, train_s: r.trainSeconds });
    }
    await a.close();
  }

  // Teach: M0 in the loop, updated by the Annotator itself; restarted over the source when a pass runs dry.
  if (S.arms.includes('teach')) {
    const predictor = await loadModel(m0.model);
    let a = await Annotator.create({ store, dataset: 'teach', examples: rest.map(unlabelled), labels: [S.label], mode: 'teach', predictor, matcher, updateEvery: S.updateEvery });
    let pass = 1, answers = 0, accepts = 0, askedThisPass = 0, dry = false, updatesBefore = 0;
    const inputs = new Set();
    /** Diagnostics: the scores of the spans asked since the last checkpoint, and where each pass ended. */
    let scores = [];
    const passEnds = [];
    for (const t of checkpoints.slice(1)) {
      const target = Math.floor((t - t0) / S.binarySeconds);
      while (answers < target && !dry) {
        const [task] = await a.tasks('sim', 1);
        if (!task) {
          await a.close();
          passEnds.push(answers);
          updatesBefore += a.summary().modelUpdates;
          if (askedThisPass === 0 || pass >= S.maxPasses) { dry = true; break; }
          pass++;
          askedThisPass = 0;
          a = await Annotator.create({ store, dataset: 'teach', examples: rest.map(unlabelled), labels: [S.label], mode: 'teach', predictor, matcher, updateEvery: S.updateEvery });
          continue;
        }
        const span = task.spans[0];
        scores.push(typeof span.score === 'number' ? span.score : null);
        const gold = goldByInput.get(task._input_hash);
        const accept = gold.spans.some((g) => key(g) === key(span));
        await a.answer('sim', [{ _task_hash: task._task_hash, answer: accept ? 'accept' : 'reject' }]);
        // A person takes seconds per answer: the background update is long done before the next one.
        await a.idle();
        answers++;
        askedThisPass++;
        if (accept) accepts++;
        inputs.add(task._input_hash);
      }
      await a.idle();
      const inloop = await score(predictor);
      const r = await trainAndScore([...seedAnswers, ...(await stored(store, 'teach'))], seed);
      r.predictor.dispose();
      const scored = scores.filter((x) => x !== null);
      const askedScores = { n: scores.length, fromPatterns: scores.length - scored.length, mean: scored.length ? scored.reduce((x, y) => x + y, 0) / scored.length : null, under07: scored.filter((x) => x < 0.7).length };
      scores = [];
      record({ ...base, arm: 'teach', patterns: matcher ? seedTerms.length : 0, asked_scores: askedScores, pass_ends: [...passEnds], time_s: t, answers, sentences: S.seedSentences + inputs.size, accepts, spans: accepts, pass, dry, model_updates: updatesBefore + (dry ? 0 : a.summary().modelUpdates), retrained: r.scores, inloop, train_s: r.trainSeconds });
    }
    await a.close();
    predictor.dispose();
  }
  m0.predictor.dispose();
  await store.close();
  rmSync(modelsDir, { recursive: true, force: true });
}

const run = { settings: S, command: `node bench/annotate/simulate.mjs ${args.join(' ')}`, loadStart, loadEnd: load(), wallSeconds: (performance.now() - started) / 1000, cores: os.availableParallelism(), date: new Date().toISOString() };
writeFileSync(path.join(OUT, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
console.log(`done in ${run.wallSeconds.toFixed(0)} s; load ${run.loadEnd}`);
