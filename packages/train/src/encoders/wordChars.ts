/**
 * The characters the character models (charCnn, charLstm) read: each distinct word of a batch once,
 * as embedding rows of its code points. Case is kept (capitals matter for names).
 */

/** The characters a word is read as: all of them, or its first and last `max / 2` when longer. */
export function charsOf(word: string, max: number): number[] {
  const cps = Array.from(word, (c) => c.codePointAt(0)!);
  return cps.length <= max ? cps : [...cps.slice(0, max >> 1), ...cps.slice(cps.length - (max - (max >> 1)))];
}

/** The embedding row of a code point: its own below rows - 1, else shared by modulo (row 0 pads). */
export function charRow(cp: number, rows: number): number {
  return cp < rows - 1 ? cp + 1 : 1 + (cp % (rows - 1));
}

/** The distinct words' characters, and for each word of the batch the index of its distinct word. */
export function distinctWordChars(words: readonly string[], maxChars: number): { chars: number[][]; index: Int32Array } {
  const distinct = new Map<string, number>();
  const index = Int32Array.from(words, (w) => {
    let i = distinct.get(w);
    if (i === undefined) distinct.set(w, (i = distinct.size));
    return i;
  });
  return { chars: [...distinct.keys()].map((w) => charsOf(w, maxChars)), index };
}
