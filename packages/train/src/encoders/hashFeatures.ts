import { hash53 } from '@nerflow/corpus';

/** The token attributes embedded by the tok2vec encoder, as spaCy's MultiHashEmbed. */
export const ATTRS = ['norm', 'prefix', 'suffix', 'shape'] as const;
export type Attr = (typeof ATTRS)[number];

/** The NORM value of words outside a tok2vec's training vocabulary (`--unknown-words`). */
export const UNKNOWN_NORM = '\u0000unknown';

/** Hash keys per attribute value: each row of the embedding is the sum of this many table rows. */
export const KEYS_PER_VALUE = 4;

/** spaCy's `word_shape`: Xxxxx, dd.dd, with runs of the same class cut after 4. */
export function wordShape(text: string): string {
  if (text.length >= 100) return 'LONG';
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of text) {
    let c: string;
    if (/\p{Lu}/u.test(ch)) c = 'X';
    else if (/\p{Ll}/u.test(ch) || /\p{L}/u.test(ch)) c = 'x';
    else if (/\p{Nd}/u.test(ch)) c = 'd';
    else c = ch;
    run = c === last ? run + 1 : 1;
    last = c;
    if (run <= 4) out += c;
  }
  return out;
}

/** The attribute's value for a token text (NORM = lowercase, PREFIX = first char, SUFFIX = last 3). */
export function attrValue(attr: Attr, text: string): string {
  switch (attr) {
    case 'norm': return text.toLowerCase();
    case 'prefix': return [...text].slice(0, 1).join('');
    case 'suffix': return [...text].slice(-3).join('');
    case 'shape': return wordShape(text);
  }
}

/**
 * Maps token texts to hash-embedding row indices: for every attribute, `KEYS_PER_VALUE` rows per
 * token (spaCy's HashEmbed: 4 seeded hashes of the value, each modulo the table size). Rows depend
 * only on the text, the seed and the table sizes, so they need no vocabulary file. A per-text cache
 * keeps prediction fast (the hashing is the costly part).
 */
export class HashFeaturizer {
  private readonly cache = new Map<string, Int32Array>();
  private readonly unknownCache = new Map<string, Int32Array>();

  /**
   * @param known NORM values seen in training: any other word's NORM becomes UNKNOWN_NORM, so that
   *   unseen words share one trained row set instead of the rows of whatever words their hashes hit.
   */
  constructor(private readonly rows: Record<Attr, number>, private readonly seed = 0, private readonly known: ReadonlySet<string> | null = null) {}

  /** Rows for one token: `ATTRS.length * KEYS_PER_VALUE` indices, attribute-major; `unknown` forces UNKNOWN_NORM (word dropout). */
  rowsFor(text: string, unknown = false): Int32Array {
    const cache = unknown ? this.unknownCache : this.cache;
    let r = cache.get(text);
    if (r) return r;
    r = new Int32Array(ATTRS.length * KEYS_PER_VALUE);
    ATTRS.forEach((attr, a) => {
      let value = attrValue(attr, text);
      if (attr === 'norm' && (unknown || (this.known && !this.known.has(value)))) value = UNKNOWN_NORM;
      for (let k = 0; k < KEYS_PER_VALUE; k++) {
        r![a * KEYS_PER_VALUE + k] = hash53(value, this.seed * 31 + a * KEYS_PER_VALUE + k) % this.rows[attr];
      }
    });
    if (cache.size > 500_000) cache.clear();
    cache.set(text, r);
    return r;
  }

  /** For N tokens: one `Int32Array(N * KEYS_PER_VALUE)` of row indices per attribute (`unknown[i]`: token i's NORM forced unknown). */
  featurize(texts: readonly string[], unknown?: Uint8Array): Int32Array[] {
    const n = texts.length;
    const out = ATTRS.map(() => new Int32Array(n * KEYS_PER_VALUE));
    for (let i = 0; i < n; i++) {
      const r = this.rowsFor(texts[i]!, unknown?.[i] === 1);
      for (let a = 0; a < ATTRS.length; a++) out[a]!.set(r.subarray(a * KEYS_PER_VALUE, (a + 1) * KEYS_PER_VALUE), i * KEYS_PER_VALUE);
    }
    return out;
  }
}
