import { basename } from 'node:path';
import { assertOutputsDistinct, assertWritableFile, escapeControl, NerError, readPatterns, writeFileAtomic, type Example } from '@nerflow/corpus';
import { quietContext, type ModelLoader, type StageContext } from '@nerflow/core';
import { EvalErrors } from './errors.js';
import { evaluate, type EvalResult } from './evaluate.js';
import { loadCorpus, toTagged } from './load.js';
import { evalOptionsSchema, type EvalOptionsInput } from './options.js';
import { predictWithPatterns } from './patternsBaseline.js';
import { renderHtmlReport } from './report/html.js';
import { toResultsJson, type ResultsJson } from './results.js';
import type { TaggedSentence } from './sentence.js';

/**
 * What `runEval` takes: `evalOptionsSchema`'s options (options.ts; labels a list, bootstrap 1000 by
 * default) with the gold file required. With `model`, `deps.loadModel` labels the gold texts first.
 */
export type RunEvalOptions = EvalOptionsInput & {
  gold: string;
  /** Examples per predict() call when scoring a model. */
  batchSize?: number;
};

/** What `runEval` is given instead of looking it up: the model loader (the CLI passes train's). */
export interface EvalDeps {
  loadModel?: ModelLoader;
}

export interface RunEvalOutcome {
  result: EvalResult;
  json: ResultsJson;
  /** Gold examples left out (answer reject/ignore). */
  skipped: number;
}

/**
 * `nerflow eval` as a library call: reads gold, gets predictions (a file, a model through
 * `deps.loadModel`, a patterns file, or a model/file plus patterns), scores, writes --json/--report.
 */
export async function runEval(input: RunEvalOptions, ctx: StageContext = quietContext(), deps: EvalDeps = {}): Promise<RunEvalOutcome> {
  const options = { ...evalOptionsSchema.parse(input), gold: input.gold, batchSize: input.batchSize };
  if (!options.pred && !options.model && !options.patterns) {
    throw new NerError(EvalErrors.USAGE, 'Nothing to score: give a model, --pred FILE or --patterns FILE.', {
      hint: 'nerflow eval MODEL TEST | nerflow eval --gold G --pred P | nerflow eval --gold G --patterns patterns.jsonl',
    });
  }
  if (options.pred && options.model) {
    throw new NerError(EvalErrors.USAGE, 'Give either a model or --pred, not both.', { hint: 'Score the model, or score a predictions file it wrote.' });
  }
  // Before any work: an output that is an input (or a folder, or unwritable) loses nothing.
  assertOutputsDistinct(
    [{ name: 'gold', path: options.gold }, { name: '--pred', path: options.pred }, { name: 'model', path: options.model }, { name: '--patterns', path: options.patterns }],
    [{ name: '--json', path: options.json }, { name: '--report', path: options.report }],
  );
  assertWritableFile('--json', options.json);
  assertWritableFile('--report', options.report);
  const gold = await loadCorpus(options.gold, { format: options.format, side: 'gold' });
  if (gold.skipped > 0) ctx.log.info(`${gold.skipped} gold examples answered reject/ignore were left out`);
  if (gold.sentences.length === 0) {
    throw new NerError(EvalErrors.BAD_EXAMPLE, 'The gold file has no examples to score.', { file: options.gold, hint: 'Check the path and that examples are answered accept.' });
  }
  let predicted: Example[] | undefined;
  let predWhere = (i: number) => `prediction ${i + 1}`;
  if (options.pred) {
    const pred = await loadCorpus(options.pred, { format: options.format, side: 'pred' });
    predicted = pred.examples;
    predWhere = (i) => pred.sentences[i]?.where ?? `${options.pred}: example ${i + 1}`;
  } else if (options.model) {
    predicted = await predictWithModel(options.model, gold.examples, options.batchSize ?? 64, ctx, options.allowIncomplete, deps.loadModel);
    predWhere = (i) => `${options.model}: prediction for ${gold.sentences[i]!.where}`;
  }
  // With --labels, the list's matches of those labels claim spans the model gave to other (old) labels.
  if (options.patterns) predicted = predictWithPatterns(gold.examples, await readPatterns(options.patterns), predicted, options.labels?.length ? new Set(options.labels) : undefined);
  let predSentences = predicted!.map((ex, i) => toTagged(ex, predWhere(i)));
  let goldSentences = gold.sentences;
  checkLabels(labelsOf(goldSentences), labelsOf(predSentences), options, ctx);
  let unscoredPred: TaggedSentence[] | undefined;
  if (options.labels?.length) {
    const keep = new Set(options.labels);
    // What --labels removes from the predictions is kept aside: a gold entity it overlaps was taken by another label.
    const others = new Set([...labelsOf(predSentences)].filter((l) => !keep.has(l)));
    unscoredPred = predSentences.map((s) => onlyLabels(s, others));
    goldSentences = goldSentences.map((s) => onlyLabels(s, keep));
    predSentences = predSentences.map((s) => onlyLabels(s, keep));
  }
  const result = evaluate(goldSentences, predSentences, {
    mode: options.strict ? 'strict' : 'default', scheme: options.scheme, bootstrap: options.bootstrap, seed: options.seed, unscoredPred,
  });
  const name = options.name ?? [options.model && basename(options.model), options.pred && basename(options.pred), options.patterns && `patterns ${basename(options.patterns)}`]
    .filter(Boolean).join(' + ');
  const json = toResultsJson(result, { name, gold: options.gold, pred: options.pred, model: options.model, patterns: options.patterns });
  if (options.json) await writeText(options.json, `${JSON.stringify(json)}\n`);
  if (options.report) await writeText(options.report, await renderHtmlReport({ results: json }));
  return { result, json, skipped: gold.skipped };
}

async function predictWithModel(model: string, examples: Example[], batchSize: number, ctx: StageContext, allowIncomplete: boolean, loadModel?: ModelLoader): Promise<Example[]> {
  if (!loadModel) {
    throw new NerError(EvalErrors.NO_TRAINER, 'No model loader was given, so a model cannot be scored here.', {
      hint: 'Score a predictions file (nerflow predict, then --pred; in a pipeline a predict step), or pass { loadModel } from @nerflow/train to runEval.',
    });
  }
  const predictor = await loadModel(model, { localOnly: true, allowIncomplete });
  try {
    const out: Example[] = [];
    for (let i = 0; i < examples.length; i += batchSize) {
      ctx.signal.throwIfAborted();
      // The model sees text and tokens only: gold spans (and raw CoNLL tags) are removed first.
      const batch = examples.slice(i, i + batchSize).map(({ spans: _s, _conll_tags: _t, ...rest }) => rest as Example);
      out.push(...(await predictor.predict(batch)));
      ctx.progress({ unit: 'examples', done: Math.min(i + batchSize, examples.length), total: examples.length, phase: 'predict' });
    }
    return out;
  } finally {
    await predictor.dispose?.();
  }
}

function labelsOf(sentences: TaggedSentence[]): Set<string> {
  const out = new Set<string>();
  for (const s of sentences) for (const t of s.tags) if (t !== 'O' && t !== '-') out.add(t.replace(/^[BIELUS]-/, ''));
  return out;
}

/**
 * Scores that cannot mean anything are not printed as if they did: `--labels` naming a label found
 * on neither side is an error; gold and predictions with no label in common get a warning.
 */
function checkLabels(gold: Set<string>, pred: Set<string>, options: RunEvalOptions, ctx: StageContext): void {
  const known = [...new Set([...gold, ...pred])].sort();
  const unknown = (options.labels ?? []).filter((l) => !gold.has(l) && !pred.has(l));
  if (unknown.length) {
    throw new NerError(EvalErrors.UNKNOWN_LABEL, `--labels ${unknown.join(',')}: no such label in the gold file or the predictions`, {
      file: options.gold, hint: `Labels present: ${known.join(', ') || '(none)'}.`,
    });
  }
  const scored = options.labels?.length ? new Set(options.labels) : null;
  const g = [...gold].filter((l) => !scored || scored.has(l));
  const p = [...pred].filter((l) => !scored || scored.has(l));
  if (g.length && p.length && !g.some((l) => pred.has(l))) {
    ctx.log.warn(`gold labels (${escapeControl(g.join(', '))}) and predicted labels (${escapeControl(p.join(', '))}) have nothing in common: every entity counts as an error. `
      + 'Check that the model or predictions were made for this gold file (or pass --labels).');
  }
}

/** The sentence with tags of labels outside `keep` turned into O (whole chunks: every tag of a label goes). */
export function onlyLabels(s: TaggedSentence, keep: Set<string>): TaggedSentence {
  return { ...s, tags: s.tags.map((t) => (t === 'O' || keep.has(t.replace(/^[BIELUS]-/, '')) ? t : 'O')) };
}

/** Writes a file atomically (temporary sibling + rename), creating its folder. */
export async function writeText(path: string, text: string): Promise<void> {
  await writeFileAtomic(path, text);
}
