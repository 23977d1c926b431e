/**
 * The pattern matcher: token patterns (`lower`/`orth`/`text`) and phrase patterns compiled into one
 * trie over token keys, so a text costs O(tokens x depth) whatever the number of patterns
 * (a loop over patterns would cost O(tokens x patterns)). Overlaps are resolved as spaCy's
 * `filter_spans` does: longest first, then leftmost; a span matched by several patterns gets the
 * first pattern's label (file order).
 */
import { NerError } from './errors.js';
import { patternTokenKey, PatternErrors, type Pattern, type PatternAttr } from './patterns.js';
import type { Span, Token } from './types.js';

/** One match: tokens `start` (inclusive) .. `end` (exclusive), and the index of the pattern. */
export interface PatternMatch {
  start: number;
  end: number;
  pattern: number;
  label: string;
}

export interface MatcherOptions {
  /** Splits phrase patterns into tokens; must be the tokenizer that made the text's tokens. */
  tokenize?: (text: string) => { text: string }[];
  /** What phrase patterns compare: `orth` (exact, spaCy's PhraseMatcher default) or `lower`. */
  phraseAttr?: PatternAttr;
}

interface TrieNode {
  orth?: Map<string, TrieNode>;
  lower?: Map<string, TrieNode>;
  /** Index of the first pattern ending here, or -1. */
  terminal: number;
}

const newNode = (): TrieNode => ({ terminal: -1 });

export class PatternMatcher {
  private readonly root: TrieNode = newNode();
  readonly patterns: readonly Pattern[];

  /**
   * Compiles patterns (see `parsePattern` for the format) into the trie.
   * @example new PatternMatcher([{ label: 'LENGUAJE', pattern: [{ lower: 'visual' }, { lower: 'basic' }] }])
   */
  constructor(patterns: readonly Pattern[], options: MatcherOptions = {}) {
    this.patterns = patterns;
    const phraseAttr = options.phraseAttr ?? 'orth';
    patterns.forEach((p, index) => {
      let keys: { attr: PatternAttr; value: string }[];
      if (typeof p.pattern === 'string') {
        if (!options.tokenize) {
          throw new NerError(PatternErrors.BAD_PATTERN, `Phrase pattern "${p.pattern}" needs a tokenizer.`, {
            hint: 'Pass { tokenize } (the corpus tokenizer) to PatternMatcher.',
          });
        }
        keys = options.tokenize(p.pattern).map((t) => ({
          attr: phraseAttr,
          value: phraseAttr === 'lower' ? t.text.toLowerCase() : t.text,
        }));
      } else {
        keys = p.pattern.map(patternTokenKey);
      }
      if (keys.length === 0) return; // a phrase of only spaces matches nothing
      let node = this.root;
      for (const { attr, value } of keys) {
        const edges = (node[attr] ??= new Map());
        let next = edges.get(value);
        if (!next) edges.set(value, (next = newNode()));
        node = next;
      }
      if (node.terminal < 0) node.terminal = index;
    });
  }

  /** Every match of every pattern (overlapping, unfiltered), in no particular order. */
  allMatches(tokens: readonly { text: string }[]): PatternMatch[] {
    const orth = tokens.map((t) => t.text);
    const lower = orth.map((t) => t.toLowerCase());
    const out: PatternMatch[] = [];
    const stack: [TrieNode, number][] = [];
    for (let i = 0; i < orth.length; i++) {
      stack.push([this.root, i]);
      while (stack.length > 0) {
        const [node, j] = stack.pop()!;
        if (node.terminal >= 0 && j > i) {
          out.push({ start: i, end: j, pattern: node.terminal, label: this.patterns[node.terminal]!.label });
        }
        if (j >= orth.length) continue;
        const a = node.orth?.get(orth[j]!);
        if (a) stack.push([a, j + 1]);
        const b = node.lower?.get(lower[j]!);
        if (b) stack.push([b, j + 1]);
      }
    }
    return out;
  }

  /** Non-overlapping matches, longest first then leftmost, sorted by start. */
  match(tokens: readonly { text: string }[]): PatternMatch[] {
    return filterLongest(this.allMatches(tokens));
  }

  /**
   * Matches as corpus spans (`source: "pattern"`, `score: 1`, `pattern`: the pattern's index).
   * @param tokens - the example's tokens (code-point offsets).
   */
  matchSpans(tokens: readonly Token[]): Span[] {
    return this.match(tokens).map((m) => ({
      start: tokens[m.start]!.start,
      end: tokens[m.end - 1]!.end,
      token_start: m.start,
      token_end: m.end - 1,
      label: m.label,
      source: 'pattern',
      score: 1,
      pattern: m.pattern,
    }));
  }
}

/**
 * Keeps the longest matches that do not overlap (ties: leftmost, then lowest pattern index),
 * as spaCy's `util.filter_spans`.
 * @returns the kept matches sorted by start.
 */
export function filterLongest(matches: readonly PatternMatch[]): PatternMatch[] {
  const sorted = [...matches].sort(
    (x, y) => y.end - y.start - (x.end - x.start) || x.start - y.start || x.pattern - y.pattern,
  );
  const taken = new Set<number>();
  const kept: PatternMatch[] = [];
  for (const m of sorted) {
    let free = true;
    for (let k = m.start; k < m.end && free; k++) free = !taken.has(k);
    if (!free) continue;
    for (let k = m.start; k < m.end; k++) taken.add(k);
    kept.push(m);
  }
  return kept.sort((x, y) => x.start - y.start);
}
