import type { MatchCorpusResult } from './match-corpus.js';

const n = (x: number) => x.toLocaleString('en-US');

/**
 * What `nerflow terms match` prints: one line per fact, each ending in a newline, the counts of the
 * `top` most frequent patterns, and a warning when spans already in the corpus swallowed matches
 * (matching a gold file leaves its gold spans in place: scoring that output against the gold would
 * score the gold against itself).
 */
export function formatMatchSummary(r: MatchCorpusResult, top: number, existing: 'keep' | 'drop'): string {
  const lines = [`${r.examples} examples, ${r.tokens} tokens, ${r.matches} matches in ${r.seconds.toFixed(2)} s`];
  for (const c of r.counts.slice(0, top)) lines.push(`${String(c.count).padStart(7)}  ${c.label}  ${c.pattern}`);
  const silent = r.counts.filter((c) => c.count === 0).length;
  if (silent) lines.push(`(${silent} of ${r.counts.length} patterns never matched)`);
  if (r.withSpans && existing === 'keep') {
    lines.push(`note: ${n(r.withSpans)} examples already had spans, kept in the output; ${n(r.overlapping)} matches overlapped them and were not written.`);
    lines.push('  To tag with the patterns alone (e.g. to score them against this gold), add --existing drop.');
  } else if (r.withSpans) {
    lines.push(`note: the spans ${n(r.withSpans)} examples had were dropped (--existing drop): the output holds pattern spans only.`);
  }
  return `${lines.join('\n')}\n`;
}
