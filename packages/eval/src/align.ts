import { NerError } from '@nerflow/corpus';
import { EvalErrors } from './errors.js';
import type { TaggedSentence } from './sentence.js';

const clip = (s: string, n = 80) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Checks that gold and predictions describe the same sentences with the same tokens, pairwise and
 * in order, and throws a NerError naming the first pair that differs (where, token index, both
 * texts) otherwise. Scoring misaligned data would give plausible-looking but meaningless numbers.
 */
export function checkAligned(gold: readonly TaggedSentence[], pred: readonly TaggedSentence[]): void {
  const n = Math.min(gold.length, pred.length);
  for (let i = 0; i < n; i++) {
    const g = gold[i]!;
    const p = pred[i]!;
    if (g.tags.length !== g.tokens.length || p.tags.length !== p.tokens.length) {
      const bad = g.tags.length !== g.tokens.length ? g : p;
      throw new NerError(EvalErrors.BAD_EXAMPLE, `${bad.where}: ${bad.tokens.length} tokens but ${bad.tags.length} tags.`, {
        hint: 'Every token needs exactly one tag.',
      });
    }
    if (g.text !== undefined && p.text !== undefined && g.text !== p.text) {
      throw new NerError(EvalErrors.MISALIGNED,
        `Gold and predictions differ at example ${i + 1}: different texts.\n  gold (${g.where}): "${clip(g.text)}"\n  pred (${p.where}): "${clip(p.text)}"`,
        { hint: 'Predict on the gold file itself (same examples, same order, e.g. with `nerflow predict`), or score the model directly: nerflow eval MODEL GOLD.' });
    }
    const k = firstDifference(g.tokens, p.tokens);
    if (k !== -1) {
      throw new NerError(EvalErrors.MISALIGNED,
        `Gold and predictions differ at example ${i + 1}, token ${k}: gold has ${show(g.tokens, k)} (${g.where}), predictions have ${show(p.tokens, k)} (${p.where}).\n  gold: "${clip(g.tokens.join(' '))}"`,
        { hint: 'Both sides must use the same tokenisation: keep the gold `tokens` when predicting, or convert both files with the same tool.' });
    }
  }
  if (gold.length !== pred.length) {
    const longer = gold.length > pred.length ? 'gold' : 'predictions';
    const extra = (gold.length > pred.length ? gold : pred)[n]!;
    throw new NerError(EvalErrors.MISALIGNED,
      `Gold has ${gold.length} examples but predictions have ${pred.length}; the first one without a partner is example ${n + 1} of the ${longer} (${extra.where}): "${clip(extra.tokens.join(' '))}".`,
      { hint: 'Predict on the whole gold file, keeping the order; rejected or ignored gold examples are skipped on both sides.' });
  }
}

function firstDifference(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function show(tokens: readonly string[], k: number): string {
  return k < tokens.length ? `"${tokens[k]}"` : `no token (only ${tokens.length})`;
}
