/**
 * Plural variants of Spanish terms, for patterns that should also match "bases de datos" when the
 * accepted term is "base de datos". Rule-based (RAE's regular rules) plus the `+s` plural of
 * technical loans (`routers`, `frameworks`, `APIs`): variants that never occur cost nothing in the
 * matcher's trie, a missed plural costs a match, so ambiguous words get both.
 */
import { SPANISH_CONNECTORS } from './phrases.js';

const STRIP: Record<string, string> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };
const ACCENT: Record<string, string> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú' };
const VOWELS = /[aeiouáéíóú]/i;
const ACCENTED = /[áéíóú]/i;

/**
 * Plural forms of one word, most likely first; [] for words that do not inflect here
 * (numbers, words already ending in an unstressed -s/-x such as `análisis`).
 * @example pluralWord('canción') // ['canciones']
 * @example pluralWord('examen') // ['exámenes']
 */
export function pluralWord(word: string): string[] {
  if (!/\p{L}$/u.test(word)) return [];
  if (/^[\p{Lu}\d]{2,}$/u.test(word)) return [`${word}s`]; // acronyms: APIs, URLs, PDFs
  const lower = word.toLowerCase();
  const last = lower[lower.length - 1]!;
  const upper = word === word.toUpperCase() && word !== lower;
  const suffix = (s: string) => (upper ? s.toUpperCase() : s);
  if (/[aeiouáéó]/.test(last)) return [word + suffix('s')];
  if (/[íú]/.test(last)) return [word + suffix('es'), word + suffix('s')];
  if (last === 'z') return [word.slice(0, -1) + suffix('ces')];
  if (last === 's' || last === 'x') {
    // stressed last syllable (autobús, compás) -> -es without the accent; else unchanged (crisis, tórax)
    const m = /([áéíóú])([sx])$/.exec(lower);
    return m ? [unaccentLast(word) + suffix('es')] : [];
  }
  if (/[lrndjy]/.test(last)) {
    let es = word + suffix('es');
    if (/[áéíóú][n]$/i.test(lower)) es = unaccentLast(word) + suffix('es'); // canción -> canciones
    else if (last === 'n' && !ACCENTED.test(lower) && syllables(lower) >= 2) es = accentPenultimate(word) + suffix('es'); // examen -> exámenes
    return [es, word + suffix('s')];
  }
  return [word + suffix('s')]; // consonants foreign to Spanish word ends: bits, chips, frameworks, webs
}

/**
 * Plural variants of a term. With a connector ("tasa de conversión") only the head (first word)
 * inflects; without one ("red neuronal") every word does, as adjectives agree with their noun.
 * @example pluralVariants('base de datos') // ['bases de datos']
 * @example pluralVariants('red neuronal') // ['redes neuronales', 'reds neuronals']
 */
export function pluralVariants(term: string): string[] {
  const words = term.split(' ');
  const hasConnector = words.some((w, i) => i > 0 && SPANISH_CONNECTORS.has(w.toLowerCase()));
  // adverbs in -mente (doblemente) never inflect
  const inflects = (w: string) => !SPANISH_CONNECTORS.has(w.toLowerCase()) && !/.{3}mente$/i.test(w);
  const inflect = hasConnector ? [0] : words.map((_, i) => i).filter((i) => inflects(words[i]!));
  const forms = words.map((w, i) => (inflect.includes(i) ? pluralWord(w) : []));
  if (inflect.some((i) => forms[i]!.length === 0)) return []; // a word that cannot inflect: leave the term alone
  const n = Math.max(0, ...inflect.map((i) => forms[i]!.length));
  const out = new Set<string>();
  for (let v = 0; v < n; v++) {
    out.add(words.map((w, i) => (inflect.includes(i) ? forms[i]![Math.min(v, forms[i]!.length - 1)]! : w)).join(' '));
  }
  return [...out].filter((p) => p !== term);
}

function unaccentLast(word: string): string {
  for (let i = word.length - 1; i >= 0; i--) {
    const c = word[i]!;
    const plain = STRIP[c.toLowerCase()];
    if (plain) return word.slice(0, i) + (c === c.toUpperCase() ? plain.toUpperCase() : plain) + word.slice(i + 1);
  }
  return word;
}

/** Puts an accent on the vowel of the second-to-last syllable (examen -> exámen, before -es). */
function accentPenultimate(word: string): string {
  // the vowel group of the last syllable, then the last vowel before it
  const m = /[aeiou]+[^aeiou]*$/i.exec(word);
  if (!m) return word;
  for (let i = m.index - 1; i >= 0; i--) {
    const c = word[i]!;
    if (/[aeiou]/i.test(c)) {
      // in a diphthong with a weak vowel (i/u), the strong one takes the accent
      let j = i;
      if (/[iu]/i.test(c) && i > 0 && /[aeo]/i.test(word[i - 1]!)) j = i - 1;
      const acc = ACCENT[word[j]!.toLowerCase()]!;
      return word.slice(0, j) + (word[j] === word[j]!.toUpperCase() ? acc.toUpperCase() : acc) + word.slice(j + 1);
    }
  }
  return word;
}

function syllables(word: string): number {
  return (word.match(/[aeiouáéíóú]+/gi) ?? []).length || (VOWELS.test(word) ? 1 : 0);
}
