/**
 * Accepted terms -> match patterns in the spaCy/Prodigy JSONL format, tokenized with the corpus
 * tokenizer so that a pattern's tokens are exactly the tokens the matcher will see in the text.
 */
import { isSpaceToken, tokenize, type Pattern } from '@nerflow/corpus';
import { pluralVariants } from './spanish-plural.js';

export interface ToPatternsOptions {
  label: string;
  /** `orth` token patterns (exact case) instead of `lower` (default false). */
  caseSensitive?: boolean;
  /** Also emit Spanish plural variants ("bases de datos" for "base de datos"). Default false. */
  plurals?: boolean;
  /** Emit phrase patterns (`"pattern": "base de datos"`) instead of token patterns. Default false. */
  phrase?: boolean;
}

/**
 * One pattern per term (and per plural variant), deduplicated, in the order given.
 * @example termsToPatterns(['Google Ads'], { label: 'PLATAFORMA' })
 * // [{ label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] }]
 */
export function termsToPatterns(terms: Iterable<string>, options: ToPatternsOptions): Pattern[] {
  const out: Pattern[] = [];
  const seen = new Set<string>();
  const push = (p: Pattern) => {
    const key = JSON.stringify(p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const raw of terms) {
    const term = raw.trim().replace(/\s+/g, ' ');
    if (term === '') continue;
    for (const form of [term, ...(options.plurals ? pluralVariants(term) : [])]) {
      if (options.phrase) {
        push({ label: options.label, pattern: options.caseSensitive ? form : form.toLowerCase() });
        continue;
      }
      const tokens = tokenize(form).filter((t) => !isSpaceToken(t));
      push({
        label: options.label,
        pattern: tokens.map((t) => (options.caseSensitive ? { orth: t.text } : { lower: t.text.toLowerCase() })),
      });
    }
  }
  return out;
}
