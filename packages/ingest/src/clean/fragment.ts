import { endsDangling, startsListItem } from './structure.js';

/**
 * The rest of a sentence whose start is not in the example: it opens with punctuation (`–, o a
 * través de...`) or with a lower-case conjunction, preposition or article (`pero si la instalación
 * es antigua...`, `o con el paquete pdfpages,`), as text after removed code or a formula does,
 * or with a bare number and a lower-case word (`1 el contenido del registro C`, `3 no`: table cells).
 * An `o` before an item label is Word's bullet (`o b) Un método...`), not the conjunction.
 * A lower-case first word that is a name (`tfm es la abreviatura...`) is not one of these.
 */
const CONTINUES = /^(?:[,;:.)\]]|[–—-]\s?,|\d+\s\p{Ll}|(?:pero|y|e|o|u|ni|que|donde|cuando|como|para|por|en|de|del|con|sin|a|al|la|el|los|las|lo|le|les|se|un|una|unos|unas|su|sus|mientras|aunque|porque|pues|sino|hasta|desde|sobre|entre|según|mediante|así|además|también|ya|más|muy|no|sólo|solo|es|son|está|están|fue|ha|han|hay|puede|pueden|debe|deben|tiene|tienen|hace|permite|este|esta|estos|estas|esto|cada|todo|todos|otro|otra|cual|and|or|but|of|to|the|which|that|for|with|is|are)\s(?![a-zA-Z\d]{1,2}[.)]\s))/u;

/**
 * A word for this count: a token with a letter, except a lone letter with a comma after it (`B, L,
 * a, R b, R`: a machine's moves are symbols; `M acepta w.` is a sentence).
 */
function isWord(token: string): boolean {
  return /\p{L}/u.test(token) && !/^\p{L},$/u.test(token);
}

/** A web address or a CTAN path, cut or whole (`http://www.`, `CTAN:macros/latex/`). */
const LINK = /(?:https?:\/\/|www\.|CTAN:)\S*/gu;

/**
 * True when a prose example is a piece of text, not a sentence (`meta.kind` `fragment`): at most
 * two words outside brackets (a figure or table label, a cell pdftotext wrote on its own line, a
 * term of a description list, a bibliography piece: `Dugong`, `3 no`, `lim inf`, `Madero, Cd.`,
 * `o (operación binaria)`), a form field (`isFieldLabel`), a column of links, the rest of a cut
 * sentence (`CONTINUES`), or a cut that ends on a comma or on a word no sentence ends on (`En
 * general, con`, `Nacional de`). A question or exclamation is a sentence
 * however short (`¿Cuál?`), and a sentence that leads into a display (`leadIn`: the next paragraph
 * is code, a formula or a table, as in `...se introduciría la entrada al índice como` + code) may
 * end on `como` or `con`. On pdfs-es (issue 18) one prose example in eight had at most two
 * words, and almost none of them was a sentence. Decided per example, not per line, because a
 * paragraph's last sentence can be such a cut.
 */
export function isFragment(text: string, leadIn = false): boolean {
  if (/^[¿¡].*[?!]$/u.test(text)) return false;
  if (isUnclosed(text) || isFieldLabel(text)) return true;
  // A comma last is a sentence cut by a formula, a footnote or removed code (`En el problema de las fórmulas booleanas,`).
  if (!leadIn && /,$/u.test(text)) return true;
  if (CONTINUES.test(text)) return true;
  // A list of links with at most a word beside them is a table's or a bibliography's column (`Sheet http://... http://...`).
  const links = text.match(LINK) ?? [];
  if (links.length >= 2 && text.replace(LINK, ' ').split(/\s+/u).filter(isWord).length <= 1) return true;
  // A short bracketed note (`(operación binaria)`, `[Obsoletas.]`) does not make a label a sentence; a bracketed sentence does.
  const outside = text.replace(/\((?:[^()\s]+\s?){1,3}\)|\[(?:[^[\]\s]+\s?){1,3}\]/gu, ' ');
  let words = 0;
  for (const t of outside.split(/\s+/u)) if (isWord(t) && ++words > 2) break;
  return words <= 2 || (!leadIn && endsDangling(text));
}

/** A question or exclamation that is never closed was cut (`¡MUCHAS`, `¿RELACIÓN VELOCIDAD`; one closed with a period is not). */
export function isUnclosed(text: string): boolean {
  return /^[¿¡][^?!]*[\p{L}\d]$/u.test(text);
}

/**
 * A form field or a figure's label with its number (`CURSO: 2`, `Teléfono: 678678678`, `Entrada:
 * 4`): at most four words, a colon and a number, not after a list's bullet. pdftotext writes them
 * on their own lines, so they pass for headings.
 */
export function isFieldLabel(text: string): boolean {
  // An item of a bulleted list is a sentence of the list (`• Personal de limpieza: 2`: the staff a plan needs).
  return !startsListItem(text) && /^(?:\S+\s){0,3}\S*\p{L}:\s*\d[\d.,/-]*$/u.test(text);
}

/** A line taken for a heading that is a fragment: a field label (`isFieldLabel`), cut (`isUnclosed`), or without a word of two letters (`Ó`, `B, b`: cells of a table). */
export function isFragmentHeading(text: string): boolean {
  return isFieldLabel(text) || isUnclosed(text) || !/\p{L}\p{M}*\p{L}/u.test(text);
}
