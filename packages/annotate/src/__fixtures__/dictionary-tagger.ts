import { sliceCodePoints, tokensOf, type Example, type Span } from '@nerflow/corpus';
import type { Predictor } from '@nerflow/core';

/**
 * A tiny but real Predictor for tests (train's model registers later): a gazetteer of single
 * tokens with a score each. `update` learns from answers: an accepted span raises its word's score,
 * a rejected one lowers it, so teach-mode tests can see suggestions change after an update.
 */
export class DictionaryTagger implements Predictor {
  readonly updates: Example[][] = [];
  constructor(readonly entries: Map<string, { label: string; score: number }>, readonly threshold = 0.05) {}

  get labels(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.label))];
  }

  async predict(examples: Example[]): Promise<Example[]> {
    return examples.map((ex) => {
      const tokens = tokensOf(ex);
      const spans: Span[] = [];
      tokens.forEach((t, i) => {
        const e = this.entries.get(t.text.toLowerCase());
        if (e && e.score >= this.threshold) {
          spans.push({ start: t.start, end: t.end, token_start: i, token_end: i, label: e.label, source: 'model', score: e.score });
        }
      });
      return { ...ex, tokens, spans };
    });
  }

  async update(examples: Example[]): Promise<{ loss: number }> {
    this.updates.push(examples);
    let loss = 0;
    for (const ex of examples) {
      for (const s of ex.spans ?? []) {
        const word = sliceCodePoints(ex.text, s.start, s.end).toLowerCase();
        const e = this.entries.get(word);
        if (!e) continue;
        const target = ex.answer === 'accept' ? 1 : 0;
        loss += (target - e.score) ** 2;
        e.score += 0.5 * (target - e.score);
      }
    }
    return { loss };
  }
}
