import { createHash } from 'node:crypto';
import { checkAligned } from './align.js';
import { bootstrapF1, type BootstrapResult } from './bootstrap.js';
import { getChunks, resolveScheme, type ChunkMode, type StrictScheme } from '@nerflow/corpus';
import { confusionMatrix, type Confusion } from './confusion.js';
import { listErrors, type ErrorItem } from './errorList.js';
import { partialViews, type PartialViews } from './partial.js';
import type { PRF } from './prf.js';
import { scoreEntities, type ScoredPair } from './score.js';
import type { TaggedSentence } from './sentence.js';
import { NerError } from '@nerflow/corpus';

export interface EvaluateOptions {
  /** 'default' = conlleval / seqeval default chunk rules; 'strict' = seqeval strict mode. */
  mode?: ChunkMode;
  /** Scheme for strict mode ('auto' reads it from the gold tags). */
  scheme?: StrictScheme | 'auto';
  /** Bootstrap resamples for confidence intervals (0 = none). */
  bootstrap?: number;
  seed?: number;
  /**
   * The predictions' entities of labels that are NOT scored (what `--labels` removed), same
   * sentences: a missed gold entity they overlap is listed as `taken` by their label.
   */
  unscoredPred?: readonly TaggedSentence[];
}

/** Everything `eval` measures; `toResultsJson` turns it into the `--json` file. */
export interface EvalResult {
  mode: ChunkMode;
  /** The strict scheme used, or null in default mode. */
  scheme: StrictScheme | null;
  micro: PRF;
  perLabel: Record<string, PRF>;
  accuracy: number;
  tokens: number;
  sentences: number;
  partial: PartialViews;
  confusion: Confusion;
  errors: ErrorItem[];
  /** Gold entities of a scored label taken by an unscored one: taken[gold label][taking label] = count. */
  taken: Record<string, Record<string, number>>;
  bootstrap: BootstrapResult | null;
  /** Per-sentence tp/fp/fn by label, for paired comparisons (`eval compare`). */
  perSentence: { labels: string[]; counts: Int32Array };
  /** sha256 of the gold tokens and tags: two results are comparable only on the same gold. */
  goldHash: string;
}

/**
 * Scores predicted sentences against gold ones (same sentences, same tokens, same order).
 * @example
 * evaluate([{ where: 'g:1', tokens: ['Ana', 'vive'], tags: ['B-PER', 'O'] }],
 *          [{ where: 'p:1', tokens: ['Ana', 'vive'], tags: ['B-PER', 'O'] }]).micro.f // 1
 */
export function evaluate(gold: readonly TaggedSentence[], pred: readonly TaggedSentence[], options: EvaluateOptions = {}): EvalResult {
  checkAligned(gold, pred);
  const mode = options.mode ?? 'default';
  const scheme = mode === 'strict' ? resolveScheme(gold.flatMap((g) => g.tags), options.scheme ?? 'auto') : null;
  const pairs: ScoredPair[] = gold.map((g, i) => {
    const p = pred[i]!;
    const chunk = (s: TaggedSentence) => {
      try {
        return getChunks(s.tags, { mode, scheme: scheme ?? undefined });
      } catch (err) {
        if (err instanceof NerError) throw new NerError(err.code, `${s.where}: ${err.message}`, { hint: err.hint });
        throw err;
      }
    };
    return { gold: g, pred: p, goldChunks: chunk(g), predChunks: chunk(p) };
  });
  const scores = scoreEntities(pairs);
  const unscored = options.unscoredPred?.map((s) => getChunks(s.tags, { mode: 'default' }));
  const errors = listErrors(pairs, unscored);
  const samples = options.bootstrap ?? 0;
  return {
    mode, scheme,
    micro: scores.micro, perLabel: scores.perLabel,
    accuracy: scores.accuracy, tokens: scores.tokens, sentences: scores.sentences,
    partial: partialViews(pairs),
    confusion: confusionMatrix(pairs),
    errors, taken: takenCounts(errors),
    bootstrap: samples > 0 ? bootstrapF1(scores.perSentence, samples, options.seed ?? 0) : null,
    perSentence: scores.perSentence,
    goldHash: goldHash(gold),
  };
}

function takenCounts(errors: readonly ErrorItem[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const e of errors) {
    if (e.kind !== 'taken' || !e.takenBy) continue;
    const row = (out[e.label] ??= {});
    row[e.takenBy] = (row[e.takenBy] ?? 0) + 1;
  }
  return out;
}

/** A stable fingerprint of the gold tokens and tags. */
export function goldHash(gold: readonly TaggedSentence[]): string {
  const h = createHash('sha256');
  for (const g of gold) h.update(JSON.stringify([g.tokens, g.tags])).update('\n');
  return h.digest('hex').slice(0, 16);
}
