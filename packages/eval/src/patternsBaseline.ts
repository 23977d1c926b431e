import { PatternMatcher, tokenize, tokensOf, type Example, type Pattern, type Span } from '@nerflow/corpus';

/**
 * The rule-based baseline: each example's spans are the patterns' matches (longest, non-overlapping,
 * as spaCy's EntityRuler). With `base` (e.g. the model's predictions) matches fill the gaps: one
 * overlapping a model span is dropped (the model read the context). With `claim` (the labels
 * scored with `--labels`, i.e. the user's new types), a match of one of those labels REPLACES
 * the model spans it overlaps whose label is not among them (a base model's old type: "Instagram"
 * as ORG): the user's list for the new types claims what the old types took.
 */
export function predictWithPatterns(examples: readonly Example[], patterns: readonly Pattern[], base?: readonly Example[], claim?: ReadonlySet<string>): Example[] {
  const matcher = new PatternMatcher(patterns, { tokenize });
  const overlaps = (a: Span, b: Span) => a.token_start <= b.token_end && b.token_start <= a.token_end;
  return examples.map((ex, i) => {
    const tokens = tokensOf(ex);
    let kept: Span[] = base ? [...(base[i]?.spans ?? [])] : [];
    for (const m of matcher.matchSpans(tokens)) {
      const claims = claim?.has(m.label) ?? false;
      if (kept.some((s) => overlaps(s, m) && (!claims || claim!.has(s.label)))) continue;
      kept = kept.filter((s) => !overlaps(s, m));
      kept.push(m);
    }
    kept.sort((a, b) => a.token_start - b.token_start);
    const { spans: _drop, _conll_tags: _raw, ...rest } = ex as Example & { _conll_tags?: unknown };
    return { ...rest, tokens, spans: kept };
  });
}
