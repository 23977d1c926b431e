/**
 * Footnotes as pdftotext writes them: at the foot of the page, each line that starts one begins with
 * its number (`11 Aunque en este caso cabe usar los sinónimos @))) y @(((.`), and the body above
 * carries the same number as a mark glued to a word (`...de amstex.11 Por ello`). Left as they are,
 * the number is glued to the footnote's first sentence and the mark to the body's.
 */

/** A footnote's first line: its number (1-2 digits), a space or a capitalised word straight after (`1Se sigue`), then its text. */
const NOTE_START = /^(\d{1,2})(?:\s+(?=[\p{L}¿¡«"“\\(])|(?=\p{Lu}\p{Ll}))/u;

/**
 * The mark of note `n` glued to the body: after a letter (with a stop, a comma...) or a closing
 * sign, not after a digit (`2.3`) nor before a decimal part (`License, v1.0`).
 */
function markOf(n: number): RegExp {
  return new RegExp(`(?<=\\p{L}[.,;:!?]?|\\p{L}?[)»”’"}\\]][.,;:]?)${n}(?=[\\s.,;:)]|$)(?![.,]\\d)`, 'gu');
}

/**
 * Finds the footnotes of a document's pages: a line in the lower half of its page that starts with a
 * number, when the body above it on the page has that number as a glued mark or the number is the
 * one after the document's last footnote (a mark set apart by a space: `cursiva 14 )`). Returns per
 * page the footnote lines (their number taken off the text) and the new text of each line whose
 * glued mark was taken out; line indexes are those of `pages`.
 */
export function findFootnotes(pages: readonly { lines: readonly { text: string }[] }[]): { notes: Set<number>[]; text: Map<number, string>[] } {
  const notes = pages.map(() => new Set<number>());
  const text = pages.map(() => new Map<number, string>());
  let last = 0;
  pages.forEach((page, p) => {
    const lines = page.lines;
    lines.forEach((l, i) => {
      const t = l.text.trim();
      const m = NOTE_START.exec(t);
      if (!m || i < lines.length / 2) return;
      const n = Number(m[1]);
      if (n === 0) return;
      // The nearest body line above with the glued mark (not a footnote itself).
      let at = -1;
      for (let k = i - 1; k >= 0 && at < 0; k--) if (!notes[p]!.has(k) && markOf(n).test(text[p]!.get(k) ?? lines[k]!.text)) at = k;
      if (at < 0 && !(last > 0 && n === last + 1)) return;
      notes[p]!.add(i);
      text[p]!.set(i, t.slice(m[0].length));
      if (at >= 0) {
        const body = text[p]!.get(at) ?? lines[at]!.text;
        const marks = [...body.matchAll(markOf(n))];
        const mk = marks[marks.length - 1]!;
        text[p]!.set(at, body.slice(0, mk.index) + body.slice(mk.index + mk[0].length));
      }
      last = n;
    });
  });
  return { notes, text };
}
