import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { assertOutputsDistinct, NerError, readCorpus, scoresOver, tokensOf, type EntityScores, type Example, type LocatedExample as Located } from '@nerflow/corpus';
import '@nerflow/store'; // registers the db: source reader (--train db:DATASET)
import { quietContext, type StageContext } from '@nerflow/core';
import { TrainErrors } from '../errors.js';
import { describeBackend, initBackend } from '../tf/backend.js';
import { parseTrainOptions, type TrainOptions, type TrainOptionsInput } from '../options.js';

import { NerModel, type TrainDoc } from '../model/nerModel.js';
import { evidenceOf } from '../model/evidence.js';
import { saveModel } from '../model/modelFolder.js';
import { assertModelOut, checkpointDir } from '../model/modelOut.js';
import { createEncoder } from '../encoders/registry.js';
import { sha1 } from '../encoders/featureCache.js';
import { evaluate, trainLoop, type DevDoc, type TrainEvent } from './loop.js';
import { forgettingReport, prepareModelForTraining, type ForgettingRow } from '../transfer/prepare.js';
import { holdOutDev } from './holdout.js';
import { baseSelection, describeSelection, devOldDocs, oldTypeScores, selectionScore, type DocScorer, type SelectionReport } from '../transfer/selection.js';
import { epochEstimate, lossCollapseWarning, StepTotal } from './guidance.js';
import { compositeScorer } from '../transfer/frozenBase.js';
import { loadModel } from '../predict.js';

export type TrainSessionEvent =
  | TrainEvent
  | { type: 'ready'; backend: string; labels: string[]; trainDocs: number; trainWords: number; devDocs: number; encoder: string }
  | { type: 'saved'; dir: string; epoch: number };

export interface TrainSummary {
  modelDir: string;
  labels: string[];
  backend: string;
  bestEpoch: number;
  epochs: number;
  dev: EntityScores | null;
  seconds: number;
  secondsPerEpoch: number;
  secondsToBest: number;
  trainDocs: number;
  trainWords: number;
  /** With --base: each old label's dev scores before training and after (forgetting made visible). */
  forgetting?: ForgettingRow[] | null;
  /** With --base: how the kept epoch was chosen (new labels' F1, old types' F1, the bound) per epoch. */
  selection?: SelectionReport | null;
  /**
   * With --base: where each label comes from (`--old-types`): `base`, the frozen copy of the base in
   * the folder's base/ (empty with `trained`), `trained`, the trained model.
   */
  oldTypes?: { mode: 'frozen' | 'trained'; base: string[]; trained: string[] } | null;
}

/**
 * Trains a model and writes its folder, yielding every step/epoch event (for live tables).
 * @example
 * for await (const ev of trainEvents({ train: 'train.jsonl', dev: 'dev.jsonl', out: 'model' })) {
 *   if (ev.type === 'epoch') console.log(ev.epoch, ev.loss, ev.dev?.micro.f);
 * }
 */
export async function* trainEvents(input: TrainOptionsInput, ctx: StageContext = quietContext()): AsyncGenerator<TrainSessionEvent, TrainSummary> {
  const o = parseTrainOptions(input);
  // A wrong or occupied --out is found now, not after the whole training.
  assertModelOut(o.out, o);
  assertOutputsDistinct([o.train, o.dev, o.vectors, o.initTok2vec, o.base, o.rehearsal].map((p) => ({ name: 'input', path: p })), [{ name: '--out', path: o.out }]);
  let train = await readCorpus(o.train, { db: o.db });
  let dev = o.dev ? await readCorpus(o.dev, { db: o.db }) : [];
  if (!o.dev) {
    const h = holdOutDev(train, o.holdout, o.seed);
    ({ train, dev } = h);
    if (h.note) ctx.log.info(h.note);
  }
  return yield* trainOnExamples(train, dev, input, ctx); // the options as given: what was set is checked again, defaults filled again
}

/** Same as `trainEvents` on examples already in memory (core's `trainers` registry uses it). */
export async function* trainOnExamples(
  train: Located[], dev: Located[], input: TrainOptionsInput, ctx: StageContext = quietContext(),
): AsyncGenerator<TrainSessionEvent, TrainSummary> {
  const o = parseTrainOptions(input);
  assertModelOut(o.out, o);
  const backend = describeBackend(await initBackend());
  if (!train.length) {
    throw new NerError(TrainErrors.EMPTY_TRAIN, `The training set ${o.train} has no examples`, { file: o.train, hint: 'Check the path, or annotate some examples first.' });
  }
  let labels = o.labels?.length ? o.labels : labelsIn(train.map((x) => x.example));
  if (!labels.length) {
    throw new NerError(TrainErrors.EMPTY_TRAIN, `No labelled spans in ${o.train} (${train.length} examples)`, {
      file: o.train, hint: 'Training needs annotated entities; pass --labels to train on examples that only mark what is not an entity.',
    });
  }
  // Plain, from pretrained tok2vec weights (--init-tok2vec), or on a base model (--base): see transfer/.
  const prepared = await prepareModelForTraining(o, train, labels, () => createEncoder(o));
  const { model } = prepared;
  const encoder = model.encoder;
  labels = model.labels;
  try {
    const docs = train.map((x) => prepared.evidence(x)).filter((d): d is TrainDoc => d !== null && d.words.length > 0);
    if (!docs.length) {
      throw new NerError(TrainErrors.EMPTY_TRAIN, `Every example of ${o.train} is ignored or empty`, { file: o.train, hint: 'Nothing to learn from: check the answers (accept/reject/ignore).' });
    }
    // A fresh encoder learns what it takes from the data here (tok2vec: the NORM vocabulary of
    // --unknown-words); a base's or pretrained encoder keeps its own.
    const unknownWords = o.unknownWords ?? (o.vectors ? 0.5 : 0);
    if (!o.base && !o.initTok2vec) encoder.prepareTraining?.(docs, { unknownWords });
    docs.push(...prepared.rehearsal);
    const devDocs = dev.flatMap((x) => devDoc(x, model, o));
    // --old-types frozen: dev and the old-type check are scored as the written folder predicts, the
    // trained model merged with the frozen base (whose spans are decoded once, here).
    const frozen = prepared.frozenBase;
    let score = evaluate;
    if (frozen) {
      const base = await loadModel(frozen.dir, { localOnly: o.localOnly });
      try { score = await compositeScorer(base, frozen.labels, [devDocs, prepared.oldCheck]); } finally { base.dispose(); }
      ctx.log.info(`old types: ${frozen.labels.join(', ')} from a frozen copy of ${frozen.from} (${o.out}/base); ${labels.filter((l) => !frozen.labels.includes(l)).join(', ')} from the trained model (--old-types trained: all from it)`);
    }
    // A dev set that marks none of the base's old types cannot judge them: it is scored on the new labels
    // only (else every right PER/LOC of the base counts as a false positive: dev P 4% on COALAS ENG), and
    // forgetting is not measured on it (it would read 0 -> 0).
    const devJudgesOld = devOldDocs(devDocs, prepared.oldLabels).length > 0;
    const scoreDev: DocScorer = prepared.oldLabels.length && !devJudgesOld ? (m, d) => scoresOver(score(m, d), prepared.newLabels) : score;
    const before = prepared.oldLabels.length && devJudgesOld ? score(model, devDocs) : null;
    // --base: the kept epoch is chosen for the new labels under a bound on forgetting (transfer/selection.ts).
    const selection = baseSelection(model, prepared, devDocs, o.maxForgetting, score, frozen?.labels ?? []);
    const selected: SelectionReport | null = selection && {
      rule: describeSelection(selection), source: selection.source, newLabels: selection.newLabels, oldLabels: selection.oldLabels,
      oldDocs: selection.oldDocs.length, oldBefore: selection.oldBefore, maxDrop: selection.maxDrop, epochs: [], kept: null,
    };
    if (selection) ctx.log.info(selected!.rule);
    const trainWords = docs.reduce((a, d) => a + d.words.length, 0);
    yield { type: 'ready', backend, labels, trainDocs: docs.length, trainWords, devDocs: devDocs.length, encoder: encoder.type };
    ctx.log.info(`training ${labels.join(', ')} on ${docs.length} examples (${trainWords} words), dev ${devDocs.length}; backend ${backend}`);
    await encoder.prepare?.([...docs, ...devDocs]);
    const epochs: Record<string, unknown>[] = [];
    const dataInfo = {
      train: { source: o.train, examples: docs.length, words: trainWords, hash: sha1(train.map((x) => x.example.text).join('\n')) },
      dev: o.dev ? { source: o.dev, examples: devDocs.length, hash: sha1(dev.map((x) => x.example.text).join('\n')) } : null,
    };
    // Checkpoints go to a sibling folder; o.out is written once, complete, at the end (issue 17).
    const save = (extra: Record<string, unknown>, dir = o.out) => saveModel(model, dir, {
      training: { ...o }, initialisedFrom: prepared.initialisedFrom, frozenBase: frozen ?? undefined,
      meta: { backend, labels, data: dataInfo, epochs, transfer: prepared.transfer, ...extra },
    });
    let summary: TrainSummary | null = null;
    let secondsToBest = 0;
    let elapsed = 0;
    const steps = new StepTotal(Math.ceil(trainWords / o.batchWords), o.maxEpochs);
    const t0 = performance.now();
    let warnedLoss = false;
    const select = selection ? (m: NerModel, d: EntityScores | null, epoch: number) => selectionScore(selection, d, oldTypeScores(selection, m, d, score), epoch) : undefined;
    const oldTypes = o.oldTypes ? { mode: o.oldTypes, base: frozen?.labels ?? [], trained: labels.filter((l) => !frozen?.labels.includes(l)) } : null;
    for await (const ev of trainLoop(model, docs, devDocs, { ...o, frozen: prepared.frozen, select, evaluate: scoreDev }, ctx.signal)) {
      yield ev;
      if (ev.type === 'step') {
        ctx.progress({ unit: 'steps', done: ev.step, total: steps.total(ev.step), phase: `epoch ${ev.epoch}`, stats: { loss: +ev.loss.toFixed(3), 'words/s': Math.round(ev.wordsPerSecond) } });
        if (ev.step === 3) {
          const e = epochEstimate(ev.step, (performance.now() - t0) / 1000, steps.perEpochSteps, o.maxEpochs, o.patience, devDocs.length > 0);
          (e.long ? ctx.log.warn : ctx.log.info)(e.message);
        }
      } else if (ev.type === 'epoch') {
        steps.epochEnded(ev.epoch, ev.step);
        const collapse = warnedLoss ? undefined : lossCollapseWarning(ev.epoch, ev.loss, docs.length, devDocs.length > 0);
        if (collapse) { warnedLoss = true; ctx.log.warn(collapse); }
        elapsed += ev.seconds;
        epochs.push({ epoch: ev.epoch, loss: ev.loss, seconds: ev.seconds, dev: ev.dev, ...(ev.choice ? { selection: ev.choice } : {}) });
        if (selected && ev.choice) selected.epochs.push({ epoch: ev.epoch, newF: ev.choice.newF, oldF: ev.choice.oldF, withinBound: ev.choice.withinBound });
        if (ev.isBest) {
          secondsToBest = elapsed;
          await save({ bestEpoch: ev.epoch, dev: ev.dev, complete: false }, checkpointDir(o.out));
          yield { type: 'saved', dir: checkpointDir(o.out), epoch: ev.epoch };
        }
      } else if (ev.type === 'done') {
        if (selected) selected.kept = selected.epochs.find((e) => e.epoch === ev.bestEpoch) ?? null;
        summary = {
          modelDir: o.out, labels, backend, bestEpoch: ev.bestEpoch, epochs: ev.epochs, dev: ev.dev, seconds: ev.seconds,
          secondsPerEpoch: elapsed / Math.max(1, ev.epochs), secondsToBest, trainDocs: docs.length, trainWords,
          forgetting: before && ev.dev ? forgettingReport(prepared.oldLabels, before, ev.dev) : null,
          selection: selected, oldTypes,
        };
        await save({ bestEpoch: ev.bestEpoch, dev: ev.dev, selection: selected, complete: true, stoppedEarly: ev.stoppedEarly, timings: { seconds: ev.seconds, secondsPerEpoch: summary.secondsPerEpoch, secondsToBest } });
        await rm(checkpointDir(o.out), { recursive: true, force: true });
      }
    }
    return summary!;
  } catch (err) {
    throw interrupted(err, o.out);
  } finally {
    model.dispose();
  }
}

/** Ctrl-C: say truthfully what is left (training does not resume; the best checkpoint is kept aside). */
function interrupted(err: unknown, out: string): unknown {
  if (!(err instanceof NerError) || err.code !== 'E_INTERRUPTED') return err;
  const ckpt = checkpointDir(out);
  return new NerError(err.code, `Training interrupted; ${out} was not changed.`, {
    cause: err,
    hint: existsSync(ckpt)
      ? `The best epoch so far is in ${ckpt} (complete: false; use it with --allow-incomplete). Rerunning the command trains again from epoch 1.`
      : 'Rerunning the command trains again from epoch 1.',
  });
}

/** Trains and returns the summary, reporting progress through `ctx` (library entry point). */
export async function trainModel(input: TrainOptionsInput, ctx: StageContext = quietContext()): Promise<TrainSummary> {
  const it = trainEvents(input, ctx);
  for (;;) {
    const r = await it.next();
    if (r.done) return r.value;
  }
}

/** Labels of every span in the data, sorted. */
export function labelsIn(examples: Example[]): string[] {
  return [...new Set(examples.flatMap((e) => (e.spans ?? []).map((s) => s.label)))].sort();
}

/** Dev examples with complete annotations become scoring documents (partial ones cannot be scored). */
function devDoc(x: Located, model: NerModel, o: TrainOptions): DevDoc[] {
  const ev = evidenceOf(x.example, model.tags, o.scheme, x); // validates labels and alignment
  if (!ev || !ev.mask || ev.rejected.length || x.example.answer === 'reject' || ev.mask.every((m) => m === 1)) return [];
  const tokens = tokensOf(x.example);
  const spans = (x.example.spans ?? []).map((s) => {
    const ts = s.token_start ?? tokens.findIndex((t) => t.start === s.start);
    const te = s.token_end ?? tokens.findIndex((t) => t.end === s.end);
    return { tokenStart: ts, tokenEnd: te, label: s.label };
  });
  return [{ words: ev.words, spans }];
}
