/**
 * `nerflow terms match`: tags a corpus (JSONL or CoNLL) with pattern spans (`source: "pattern"`)
 * and counts how often each pattern fired.
 */
import {
  openCorpus, PatternMatcher, patternText, readPatterns, tokenize, tokensOf, writeJsonl,
  type Example, type Pattern, type PatternAttr, type Span,
} from '@nerflow/corpus';
import { quietContext, type StageContext } from '@nerflow/core';

export interface MatchCorpusOptions {
  /** Corpus JSONL, CoNLL, `-` or db:DATASET (read by openCorpus). */
  corpus: string;
  /** The database db:DATASET reads (default: NERFLOW_DB or the home-folder file). */
  db?: string;
  patterns: string | Pattern[];
  out: string;
  /** What phrase patterns compare (default `orth`, spaCy's default). */
  phraseAttr?: PatternAttr;
  /**
   * Spans already in the input that did not come from patterns (gold, a model's): `keep` them
   * (default; a match overlapping one is dropped, and counted) or `drop` them, so the output holds
   * the patterns' spans alone (e.g. to score the term list against that gold with nerflow eval).
   */
  existing?: 'keep' | 'drop';
}

export interface MatchCorpusResult {
  examples: number;
  tokens: number;
  matches: number;
  /** Examples that came with spans of other sources (kept, or dropped with `existing: 'drop'`). */
  withSpans: number;
  /** Matches not written because they overlap a kept span. */
  overlapping: number;
  /** Per pattern, most frequent first: its text, label and count (0 for patterns that never fired). */
  counts: { pattern: string; label: string; count: number }[];
  seconds: number;
}

/**
 * Adds pattern spans to every example. Earlier pattern spans are replaced; spans from other sources
 * are kept (a match overlapping one is dropped: annotations win over patterns, and the result says how
 * many) or, with `existing: 'drop'`, removed.
 */
export async function matchCorpus(options: MatchCorpusOptions, ctx: StageContext = quietContext()): Promise<MatchCorpusResult> {
  const t0 = Date.now();
  const patterns = typeof options.patterns === 'string' ? await readPatterns(options.patterns) : options.patterns;
  const matcher = new PatternMatcher(patterns, { tokenize, phraseAttr: options.phraseAttr });
  const counts = new Array<number>(patterns.length).fill(0);
  let examples = 0, tokens = 0, matches = 0, withSpans = 0, overlapping = 0;
  async function* tagged(): AsyncGenerator<Example> {
    for await (const { example: ex } of openCorpus(options.corpus, { db: options.db })) {
      const toks = tokensOf(ex);
      const others = (ex.spans ?? []).filter((s) => s.source !== 'pattern');
      if (others.length) withSpans++;
      const kept = options.existing === 'drop' ? [] : others;
      const all = matcher.matchSpans(toks);
      const found = all.filter((m) => !kept.some((k) => m.start < k.end && k.start < m.end));
      overlapping += all.length - found.length;
      for (const m of found) counts[m.pattern as number]!++;
      examples++;
      tokens += toks.length;
      matches += found.length;
      if (examples % 1000 === 0) ctx.progress({ unit: 'examples', done: examples, phase: 'match', stats: { matches } });
      const spans: Span[] = [...kept, ...found].sort((a, b) => a.start - b.start);
      yield { ...ex, tokens: toks, spans };
    }
  }
  await writeJsonl(options.out, tagged());
  return {
    examples, tokens, matches, withSpans, overlapping,
    counts: patterns
      .map((p, i) => ({ pattern: patternText(p), label: p.label, count: counts[i]! }))
      .sort((a, b) => b.count - a.count),
    seconds: (Date.now() - t0) / 1000,
  };
}
