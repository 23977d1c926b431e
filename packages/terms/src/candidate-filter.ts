/**
 * Which vocabulary entries are worth proposing as terms. Vectors trained on a small corpus put
 * function words ("lo", "que") and symbol debris from PDFs (math italic "𝑓𝑃𝑊𝑀", "1.-") near
 * anything; Prodigy's terms.teach filters its vocabulary the same way (alphabetic, not stop words).
 */
import { SPANISH_CONNECTORS } from './phrases.js';

/** Frequent Spanish (and a few English) function words that are never terms. */
export const SPANISH_STOPWORDS: ReadonlySet<string> = new Set([
  ...SPANISH_CONNECTORS,
  ...('que se no es su sus le les me te nos os mi tu ya si sí más muy como pero o ni este esta esto estos estas ese esa eso esos esas ' +
    'aquel aquella cual cuales quien quienes cuyo donde cuando cómo qué cuál también tan tanto todo toda todos todas otro otra otros otras ' +
    'mismo misma ser son fue era han ha hay está están puede pueden debe hace sino aunque porque pues así sólo solo cada uno dos tres ' +
    'the of and to in is it that for on be by as are this with can may should an or not from at which').split(' '),
]);

/**
 * True for entries that can be terms: at least one letter, no character from the Unicode
 * mathematical alphanumeric block or other symbol-only debris, not a stop word, not a single letter.
 * @example isCandidateTerm('tcp/ip') // true
 * @example isCandidateTerm('lo') // false
 */
export function isCandidateTerm(term: string): boolean {
  if (!/\p{L}/u.test(term)) return false;
  if (/[\u{1D400}-\u{1D7FF}]/u.test(term)) return false; // 𝑓𝑃𝑊𝑀: math italic from PDF formulas
  if (/[\\{}()[\]=<>;|]/.test(term)) return false; // code and TeX fragments: \newsavebox, perror(
  if ([...term].length < 2) return false;
  return !SPANISH_STOPWORDS.has(term.toLowerCase());
}
