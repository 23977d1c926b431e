/**
 * Phrase detection as in word2phrase / gensim `Phrases`: frequent collocations become one token
 * (`base de datos` -> `base_de_datos`) so that multi-word terms get their own vectors. Scored by
 * normalised PMI (gensim's `npmi` scorer, in [-1, 1], independent of corpus size), with gensim 4's
 * connector words: a phrase may hold up to `maxConnectors` function words between its first and last
 * word (`tasa de conversión`), and never starts or ends with one. Several passes build longer phrases
 * (`visual_studio` + `code`).
 */

/** Spanish function words allowed inside a phrase but never at its edges. */
export const SPANISH_CONNECTORS: ReadonlySet<string> = new Set(
  'de del la las el los lo y e o u a al en con por para sin sobre entre un una unos unas'.split(' '),
);

export interface PhraseOptions {
  /** Minimum count of a phrase (default 5). */
  minCount?: number;
  /** Minimum NPMI score (default 0.5). */
  threshold?: number;
  /** Passes; each can join already-joined phrases once more (default 2). */
  passes?: number;
  maxConnectors?: number;
  connectors?: ReadonlySet<string>;
  /** Joins the words of a phrase (default `_`). */
  delimiter?: string;
  /** Longest phrase in words, connectors included, after all passes (default 4). */
  maxWords?: number;
}

/**
 * Words that may start or end a phrase: a letter first, then letters, digits or the marks of
 * technical names (`c++`, `tcp/ip`, `node.js`), at least two characters. Numbers, dates and code
 * fragments (`main(int`) make collocations that are not terms.
 */
const PHRASE_WORD = /^\p{L}(?:[\p{L}\p{M}\p{N}+#.\-/_]*[\p{L}\p{M}\p{N}+#])?$/u;

/** A learned phrase model: per pass, the accepted phrases (words joined by spaces) and their scores. */
export interface PhraseModel {
  passes: Map<string, number>[];
  options: Required<Omit<PhraseOptions, 'connectors'>> & { connectors: string[] };
}

const defaults = { minCount: 5, threshold: 0.5, passes: 2, maxConnectors: 2, delimiter: '_', maxWords: 4 };

/**
 * Learns phrases from segments of lower-cased words (a segment never crosses punctuation).
 * @returns the model and the segments with the phrases applied (so callers need not apply again).
 * @example learnPhrases(segments, { minCount: 3 }).model.passes[0].get('base de datos') // 0.71
 */
export function learnPhrases(segments: string[][], options: PhraseOptions = {}): { model: PhraseModel; segments: string[][] } {
  const o = { ...defaults, ...options };
  const connectors = options.connectors ?? SPANISH_CONNECTORS;
  const model: PhraseModel = { passes: [], options: { ...o, connectors: [...connectors] } };
  let current = segments;
  for (let pass = 0; pass < o.passes; pass++) {
    const unigrams = new Map<string, number>();
    const candidates = new Map<string, number>();
    let total = 0;
    for (const seg of current) {
      for (let i = 0; i < seg.length; i++) {
        const w = seg[i]!;
        unigrams.set(w, (unigrams.get(w) ?? 0) + 1);
        total++;
        if (connectors.has(w)) continue;
        const j = phraseEnd(seg, i, connectors, o.maxConnectors);
        if (j > i && joinable(seg, i, j, o.delimiter, o.maxWords)) {
          const key = seg.slice(i, j + 1).join(' ');
          candidates.set(key, (candidates.get(key) ?? 0) + 1);
        }
      }
    }
    const accepted = new Map<string, number>();
    for (const [key, count] of candidates) {
      if (count < o.minCount) continue;
      const words = key.split(' ');
      const score = npmi(count, unigrams.get(words[0]!)!, unigrams.get(words[words.length - 1]!)!, total);
      if (score >= o.threshold) accepted.set(key, score);
    }
    model.passes.push(accepted);
    current = current.map((seg) => applyPass(seg, accepted, connectors, o.maxConnectors, o.delimiter));
  }
  return { model, segments: current };
}

/** Applies a learned model to one segment of lower-cased words. */
export function applyPhrases(model: PhraseModel, segment: string[]): string[] {
  const connectors = new Set(model.options.connectors);
  let seg = segment;
  for (const pass of model.passes) seg = applyPass(seg, pass, connectors, model.options.maxConnectors, model.options.delimiter);
  return seg;
}

/**
 * Normalised PMI: ln(p(ab) / (p(a) p(b))) / -ln(p(ab)); 1 when a and b only occur together.
 * Counts of a and b are those of the phrase's first and last word, as gensim does with connectors.
 */
export function npmi(countAB: number, countA: number, countB: number, total: number): number {
  const pab = countAB / total;
  if (pab >= 1) return 1;
  return Math.log(pab / ((countA / total) * (countB / total))) / -Math.log(pab);
}

/** True when seg[i..j] may become one phrase: clean edge words and not too long once joined. */
function joinable(seg: readonly string[], i: number, j: number, delimiter: string, maxWords: number): boolean {
  if (!PHRASE_WORD.test(seg[i]!) || !PHRASE_WORD.test(seg[j]!) || seg[i]!.length < 2 || seg[j]!.length < 2) return false;
  let words = 0;
  for (let k = i; k <= j; k++) words += seg[k]!.split(delimiter).length;
  return words <= maxWords;
}

/** Index of the first non-connector after `i` within `maxConnectors` connectors, or -1. */
function phraseEnd(seg: readonly string[], i: number, connectors: ReadonlySet<string>, maxConnectors: number): number {
  for (let j = i + 1; j < seg.length && j <= i + 1 + maxConnectors; j++) {
    if (!connectors.has(seg[j]!)) return j;
  }
  return -1;
}

function applyPass(seg: string[], phrases: Map<string, number>, connectors: ReadonlySet<string>, maxConnectors: number, delimiter: string): string[] {
  if (phrases.size === 0) return seg;
  const out: string[] = [];
  for (let i = 0; i < seg.length; i++) {
    const w = seg[i]!;
    if (!connectors.has(w)) {
      const j = phraseEnd(seg, i, connectors, maxConnectors);
      if (j > i && phrases.has(seg.slice(i, j + 1).join(' '))) {
        out.push(seg.slice(i, j + 1).join(delimiter));
        i = j;
        continue;
      }
    }
    out.push(w);
  }
  return out;
}
