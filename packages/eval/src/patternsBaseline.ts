import { NerError, parsePattern, PatternMatcher, readJsonlLines, tokenize, type Example, type Pattern, type Span } from '@nerflow/corpus';

/** Reads a patterns JSONL file (spaCy/Prodigy format), naming file:line on a bad pattern. */
export async function readPatterns(path: string): Promise<Pattern[]> {
  const out: Pattern[] = [];
  for await (const { value, line } of readJsonlLines(path)) out.push(parsePattern(value, { file: path, line }));
  if (out.length === 0) throw new NerError('E_EVAL_USAGE', `No patterns in ${path}.`, { file: path, hint: 'A patterns file has one {"label": ..., "pattern": ...} per line.' });
  return out;
}

/**
 * The rule-based baseline: each example's spans are the patterns' matches (longest, non-overlapping,
 * as spaCy's EntityRuler). With `base`, the matches only fill gaps: a match overlapping a span of
 * `base` (e.g. the model's) is dropped, so "model + terminology list" can be scored as one system.
 */
export function predictWithPatterns(examples: readonly Example[], patterns: readonly Pattern[], base?: readonly Example[]): Example[] {
  const matcher = new PatternMatcher(patterns, { tokenize });
  return examples.map((ex, i) => {
    const tokens = ex.tokens ?? tokenize(ex.text);
    const kept: Span[] = base ? [...(base[i]?.spans ?? [])] : [];
    for (const m of matcher.matchSpans(tokens)) {
      if (!kept.some((s) => s.token_start <= m.token_end && m.token_start <= s.token_end)) kept.push(m);
    }
    kept.sort((a, b) => a.token_start - b.token_start);
    const { spans: _drop, _conll_tags: _raw, ...rest } = ex as Example & { _conll_tags?: unknown };
    return { ...rest, tokens, spans: kept };
  });
}
