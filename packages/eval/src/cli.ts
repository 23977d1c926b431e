import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreErrors, defineCommand, NerError, type CommandContext, type CommandSpec, type ModelLoader, type TrainFn } from '@nerflow/core';
import { escapeControl } from '@nerflow/corpus';
import { compareOptionsSchema, runCompare } from './compare.js';
import { runCurve } from './curve.js';
import { armSeries } from './curveArms.js';
import { parseSizes } from './curveSample.js';
import { groupErrors, kindName, type ErrorItem } from './errorList.js';
import { EvalErrors } from './errors.js';
import { loadCorpus } from './load.js';
import { renderHtmlReport } from './report/html.js';
import { columns, formatTable } from './report/table.js';
import { curveOptionsSchema, evalCommandOptions } from './options.js';
import { runEval, writeText } from './run.js';

const pct = (x: number) => (100 * x).toFixed(2);

const evalCommand = (services: EvalServices) => defineCommand({
  name: 'eval',
  summary: 'Score predictions against gold: entity P/R/F1 (conlleval rules), errors, report',
  help: [
    'Examples:',
    '  nerflow eval models/ner data/test.jsonl --report report.html --bootstrap 1000',
    '  nerflow eval --gold esp.testa --pred pred.conll --json results.json',
    '  nerflow eval --gold gold.jsonl --patterns patterns.jsonl        (rule-based baseline)',
    '  nerflow eval models/ner gold.jsonl --patterns patterns.jsonl    (model + terminology list)',
    'See also: nerflow eval curve, nerflow eval compare.',
  ].join('\n'),
  args: [
    { name: 'model', key: 'model', description: 'model folder to score (or the gold file when --pred/--patterns is given)', required: false },
    { name: 'test', key: 'test', description: 'gold test file (CoNLL or corpus JSONL)', required: false },
  ],
  options: evalCommandOptions,
  async run(o, ctx) {
    let model = o.model;
    let gold = o.gold;
    if (o.test) {
      if (gold) throw new NerError(CoreErrors.USAGE, 'Give the gold file once: as TEST or as --gold.', { hint: 'nerflow eval MODEL TEST' });
      gold = o.test;
    } else if (model && !gold && (o.pred || o.patterns)) {
      gold = model; // `nerflow eval GOLD --pred P`
      model = undefined;
    }
    if (!gold) throw new NerError(CoreErrors.USAGE, 'No gold file.', { hint: 'nerflow eval MODEL TEST, or nerflow eval --gold G --pred P' });
    if (!model && !o.pred && !o.patterns) throw new NerError(CoreErrors.USAGE, 'Nothing to score: give a MODEL, --pred or --patterns.', { hint: 'nerflow eval MODEL TEST, or nerflow eval --gold G --pred P' });
    const { json, result } = await runEval({ ...o, model, gold }, ctx, { loadModel: services.loadModel });
    // Labels and tokens come from the user's files: control characters are shown, never sent to the terminal.
    ctx.stdout.write(`${escapeControl(formatTable(json), { keepLines: true })}\n`);
    printTopErrors(result.errors, o.topErrors, ctx);
    if (o.json) ctx.stdout.write(`results: ${o.json}\n`);
    if (o.report) ctx.stdout.write(`report: ${o.report}\n`);
  },
});

function printTopErrors(errors: ErrorItem[], n: number, ctx: CommandContext) {
  if (n === 0 || errors.length === 0) return;
  const groups = groupErrors(errors).slice(0, n);
  ctx.stdout.write(`top error groups:\n${columns([['label', 'kind', 'n', 'most frequent'], ...groups.map((g) => [
    escapeControl(g.label), escapeControl(kindName(g)), String(g.count), g.top.slice(0, 3).map((t) => `"${escapeControl(t.text)}"${t.count > 1 ? ` ×${t.count}` : ''}`).join(', '),
  ])], 2, [0, 1, 3])}\n`);
}

const curveCommand = (services: EvalServices) => defineCommand({
  name: 'eval curve',
  summary: 'Learning curve: train arms (scratch, pretrained, on a base model) on growing nested data, F1 on dev at each size',
  help: [
    'Examples:',
    '  nerflow eval curve --train train.jsonl --dev dev.jsonl --arm scratch --arm pretrained --init-tok2vec pretrained --seeds 0,1 --report curve.html',
    '  nerflow eval curve --train t.jsonl --dev d.jsonl --arm scratch,base --base es-base \\',
    '      --sizes 50,100,250,all --new-labels PLATAFORMA,METRICA --old-gold ancora-sample.conll --seeds 0,1,2 --report curve.html',
    'Arms: scratch | pretrained (--init-tok2vec) | base (--base; --rehearsal adds your text to the base\'s own) | base+pretrained | an encoder (tok2vec, transformer:NAME).',
  ].join('\n'),
  options: curveOptionsSchema,
  short: { out: 'o' },
  async run(o, ctx) {
    const { train: trainer, loadModel } = services;
    if (!trainer || !loadModel) {
      throw new NerError(EvalErrors.NO_TRAINER, 'No trainer was given to eval curve, so no curve can be trained.', {
        hint: 'Run it through the nerflow CLI (it passes @nerflow/train\'s trainer), or build the commands with evalCommands({ train, loadModel }).',
      });
    }
    let extra: Record<string, unknown> = {};
    if (o.settings) {
      try { extra = JSON.parse(o.settings) as Record<string, unknown>; } catch {
        throw new NerError(CoreErrors.USAGE, `--settings is not JSON: ${o.settings}`, { hint: 'Quote it: --settings \'{"maxEpochs": 5}\'' });
      }
    }
    const arms = [...o.arm, ...o.encoder];
    const series = arms.length ? arms.map((a) => armSeries(a, o, extra)) : [{ name: 'default', settings: extra }];
    const [train, dev, oldGold] = await Promise.all([loadCorpus(o.train), loadCorpus(o.dev, { side: 'gold' }), o.oldGold ? loadCorpus(o.oldGold, { side: 'gold' }) : null]);
    const out = o.out ?? (await mkdtemp(join(tmpdir(), 'nerflow-curve-')));
    const curve = await runCurve({
      train: train.examples, dev: dev.examples, fractions: o.fractions, sizes: parseSizes(o.sizes), seeds: o.seeds, series, out, strict: o.strict,
      newLabels: o.newLabels, old: oldGold ? { gold: oldGold.examples, labels: o.oldLabels, base: o.base } : undefined,
    }, trainer, loadModel, ctx);
    const rows = curve.points.map((p) => [p.series, String(p.examples), String(p.seed), pct(p.f), typeof p.old === 'number' ? pct(p.old) : '–']);
    const before = curve.oldBefore ? `old types (${curve.oldBefore.labels.join(', ')}) of ${curve.oldBefore.model} before: ${pct(curve.oldBefore.f)}\n` : '';
    ctx.stdout.write(`${escapeControl(columns([['arm', 'examples', 'seed', `dev F1 (${curve.newLabels.join(', ')})`, 'old types F1'], ...rows]), { keepLines: true })}\n${before}${curve.verdict}\n`);
    if (o.json) await writeText(o.json, `${JSON.stringify({ nerflow_eval_curve: 3, train: o.train, dev: o.dev, oldGold: o.oldGold ?? null, ...curve })}\n`);
    if (o.report) await writeText(o.report, await renderHtmlReport({ curve, title: `nerflow eval curve: ${o.train}` }));
  },
});

const compareCommand = defineCommand({
  name: 'eval compare',
  summary: 'Compare two --json results: per-label F1 deltas with paired-bootstrap significance',
  args: [
    { name: 'a', key: 'a', description: 'baseline results (nerflow eval --json)' },
    { name: 'b', key: 'b', description: 'results to compare with the baseline' },
  ],
  options: compareOptionsSchema,
  async run(o, ctx) {
    const cmp = await runCompare(o);
    const rows = cmp.rows.map((r) => [r.label, pct(r.a), pct(r.b), `${r.delta >= 0 ? '+' : ''}${pct(r.delta)}`,
      r.low === null ? '–' : `${pct(r.low)} … ${pct(r.high!)}`, r.p === null ? '–' : r.p.toFixed(3), r.significant ? '*' : '']);
    ctx.stdout.write(`A = ${cmp.a}\nB = ${cmp.b}\n${columns([['label', 'F1 A', 'F1 B', 'Δ', `${Math.round((1 - o.alpha) * 100)}% CI of Δ`, 'p', ''], ...rows])}\n${cmp.note}\n`);
  },
});

/**
 * What eval's commands are given instead of looking it up (stages never import each other): the
 * model loader that `nerflow eval MODEL TEST` scores with, and the trainer of `eval curve`. The
 * nerflow CLI passes @nerflow/train's.
 */
export interface EvalServices {
  loadModel?: ModelLoader;
  train?: TrainFn;
}

/** CLI commands contributed by this stage (see @nerflow/cli), wired to the services given. */
export function evalCommands(services: EvalServices = {}): CommandSpec[] {
  return [evalCommand(services), curveCommand(services), compareCommand];
}

/** The commands without services: scoring files works; a MODEL or `eval curve` says what is missing. */
export const commands: CommandSpec[] = evalCommands();
