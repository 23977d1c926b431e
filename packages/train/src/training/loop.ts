import { availableParallelism } from 'node:os';
import type { tf } from '../tf/backend.js';
import { Rng } from '../tf/rng.js';
import { stepSeed, type DecodedSpan, type NerModel, type TrainDoc } from '../model/nerModel.js';
import { learningRate } from './adam.js';
import { ParallelTrainer } from './parallel.js';
import { scoreChunks, type Chunk, type EntityScores } from '@nerflow/corpus';
import type { EpochChoice } from '../transfer/selection.js';

/** A dev document: token texts and its gold entities (token ranges, inclusive). */
export interface DevDoc {
  words: string[];
  spans: { tokenStart: number; tokenEnd: number; label: string }[];
}

export interface LoopSettings {
  maxEpochs: number;
  /** Stop after this many epochs without a better dev F1 (0: never stop early). */
  patience: number;
  /** Words per batch (batches are built from shuffled documents up to this many words). */
  batchWords: number;
  learnRate: number;
  warmupSteps: number;
  dropout: number;
  /** Global gradient-norm clip (0: none). */
  clip: number;
  seed: number;
  /** Data-parallel replicas in worker threads (1 or unset: this thread only; 0: one per core from AUTO_THREADS_MIN_WORDS training words). Same results up to float rounding. */
  threads?: number;
  /** Score dev and keep checkpoints with moving averages of the weights (thinc's use_averages). */
  average?: boolean;
  /** Variables kept frozen for the first N steps (issue 8: --freeze-tok2vec-steps). */
  frozen?: { variables: tf.Variable[]; steps: number };
  /** Ranks an epoch instead of dev micro F1 (--base: new labels' F1 under a forgetting bound, transfer/selection.ts). */
  select?: (model: NerModel, dev: EntityScores | null, epoch: number) => EpochChoice;
  /** How dev is scored (default `evaluate`: the model's own spans; --old-types frozen: with the frozen base's, transfer/frozenBase.ts). */
  evaluate?: (model: NerModel, dev: DevDoc[]) => EntityScores;
}

/** Below this many training words `threads: 0` trains on one thread (a worker takes ~1 s to start). */
export const AUTO_THREADS_MIN_WORDS = 20_000;

export type TrainEvent =
  | { type: 'step'; epoch: number; step: number; loss: number; lr: number; gradNorm: number; words: number; wordsPerSecond: number }
  | { type: 'epoch'; epoch: number; step: number; loss: number; dev: EntityScores | null; seconds: number; isBest: boolean; bestEpoch: number; bestF: number; choice?: EpochChoice }
  | { type: 'done'; bestEpoch: number; bestF: number; dev: EntityScores | null; epochs: number; steps: number; seconds: number; stoppedEarly: boolean };

/**
 * The training loop as an async generator (spaCy's `train_while_improving`, style.md #7): it
 * yields an event per step and per epoch, so the CLI's live table, the annotate server and tests
 * consume the same loop. Keeps the best epoch's weights (by dev micro F1, or the last epoch when
 * there is no dev set) in memory and restores them when it finishes.
 */
export async function* trainLoop(
  model: NerModel, train: TrainDoc[], dev: DevDoc[], s: LoopSettings, signal?: AbortSignal,
): AsyncGenerator<TrainEvent> {
  const rng = new Rng(s.seed);
  const trainWords = train.reduce((a, d) => a + d.words.length, 0);
  // 0 = every core, except for small data sets where starting workers costs more than it saves.
  const threads = s.threads === 0 ? (trainWords >= AUTO_THREADS_MIN_WORDS ? availableParallelism() : 1) : (s.threads ?? 1);
  const trainer = await ParallelTrainer.start(model, threads, { average: s.average });
  const order = train.map((_, i) => i);
  const batchesPerEpoch = Math.max(1, Math.ceil(trainWords / s.batchWords));
  const totalSteps = batchesPerEpoch * s.maxEpochs;
  const t0 = performance.now();
  let step = 0;
  let best = { f: -1, epoch: 0, dev: null as EntityScores | null, weights: null as Float32Array[] | null };
  let stoppedEarly = false;
  let epoch = 0;
  // Patience counts from the best epoch, or from the last one whose new labels scored 0 on dev (--base):
  // added labels start from a strongly negative bias (NerModel.addLabels) and may take epochs to surface.
  let notFoundUntil = 0;
  try {
    for (epoch = 1; epoch <= s.maxEpochs; epoch++) {
      const te = performance.now();
      rng.shuffle(order);
      let lossSum = 0;
      let docs = 0;
      for (const batch of batches(order, train, s.batchWords)) {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        const ts = performance.now();
        const lr = learningRate(step, s.learnRate, s.warmupSteps, totalSteps);
        const frozen = s.frozen && step < s.frozen.steps ? new Set(s.frozen.variables) : undefined;
        const { loss, gradNorm } = await trainer.step(batch, s.dropout, stepSeed(s.seed, step), lr, s.clip, frozen);
        const words = batch.reduce((a, d) => a + d.words.length, 0);
        lossSum += loss * batch.length;
        docs += batch.length;
        step++;
        yield { type: 'step', epoch, step, loss, lr, gradNorm, words, wordsPerSecond: words / ((performance.now() - ts) / 1000) };
        await new Promise((r) => setImmediate(r)); // let abort signals and progress output through
      }
      const { dev_, choice, isBest } = trainer.withAverages(() => {
        const dev_ = dev.length ? (s.evaluate ?? evaluate)(model, dev) : null;
        const choice = s.select?.(model, dev_, epoch);
        const f = choice ? choice.score : dev_ ? dev_.micro.f : epoch; // without dev data the last epoch is the best
        const isBest = f > best.f;
        if (isBest) best = { f, epoch, dev: dev_, weights: model.weights() };
        return { dev_, choice, isBest };
      });
      yield {
        type: 'epoch', epoch, step, loss: lossSum / Math.max(1, docs), dev: dev_, seconds: (performance.now() - te) / 1000,
        isBest, bestEpoch: best.epoch, bestF: dev_ && !s.select ? best.f : 0, ...(choice ? { choice } : {}),
      };
      if (choice?.newF === 0) notFoundUntil = epoch;
      if (s.patience > 0 && epoch - Math.max(best.epoch, notFoundUntil) >= s.patience) { stoppedEarly = true; break; }
    }
  } finally {
    await trainer.close();
  }
  if (best.weights) model.setWeights(best.weights);
  yield {
    type: 'done', bestEpoch: best.epoch, bestF: best.dev && !s.select ? best.f : 0, dev: best.dev, epochs: Math.min(epoch, s.maxEpochs),
    steps: step, seconds: (performance.now() - t0) / 1000, stoppedEarly,
  };
}

/**
 * Exact-match entity scores of the model on dev documents (decoded in batches of ~4k words);
 * `merge` changes each document's predicted spans before scoring (--old-types frozen: the frozen base's added).
 */
export function evaluate(model: NerModel, dev: DevDoc[], merge?: (spans: DecodedSpan[], doc: number) => DevDoc['spans']): EntityScores {
  const predicted: DevDoc['spans'][] = [];
  for (const chunk of batches(dev.map((_, i) => i), dev, 4000)) {
    for (const r of model.decode(chunk, { scores: false })) predicted.push(merge ? merge(r.spans, predicted.length) : r.spans);
  }
  const chunks = (spans: DevDoc['spans']): Chunk[] => spans.map((s) => ({ start: s.tokenStart, end: s.tokenEnd + 1, label: s.label }));
  const { micro, perLabel } = scoreChunks(dev.map((d) => chunks(d.spans)), predicted.map(chunks));
  return { micro, perLabel };
}

function* batches<T extends { words: string[] }>(order: number[], docs: T[], maxWords: number): Generator<T[]> {
  let cur: T[] = [];
  let words = 0;
  for (const i of order) {
    const d = docs[i]!;
    if (cur.length && words + d.words.length > maxWords) { yield cur; cur = []; words = 0; }
    cur.push(d);
    words += d.words.length;
  }
  if (cur.length) yield cur;
}
