/**
 * Vocabulary keys: the form terms take in trained vectors (lower case, the words of a detected
 * phrase joined by `_`, as word2phrase writes them), and back to the form people read.
 */

/**
 * The vocabulary key of a term as a user types it.
 * @example termKey('Base de Datos') // 'base_de_datos'
 */
export function termKey(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * The readable form of a key: its usual spelling from the corpus when known, else underscores
 * turned back into spaces.
 * @example termDisplay('base_de_datos') // 'base de datos'
 */
export function termDisplay(key: string, display?: Record<string, string>): string {
  return display?.[key] ?? key.replace(/_/g, ' ');
}

/**
 * The vocabulary entry a typed term stands for: as typed, with `_` for spaces, then lower-cased
 * (trained vectors are lower case; loaded pretrained ones often keep case).
 * @returns the first form the vocabulary has, or the lower-cased key when none is known.
 */
export function resolveTerm(has: (word: string) => boolean, term: string): string {
  const t = term.trim();
  for (const form of [t, t.replace(/\s+/g, '_'), termKey(t)]) if (has(form)) return form;
  return termKey(t);
}
