/**
 * Code points vs UTF-16 code units. Python (Prodigy, spaCy) counts code points; JavaScript strings
 * index UTF-16 units, so an emoji or any astral character shifts every later offset by one.
 * Records store code points; code that slices JS strings converts with these helpers.
 */

/** True when the string has astral characters (surrogate pairs), i.e. the two offset systems differ. */
export function hasAstral(text: string): boolean {
  return /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(text);
}

/** Number of code points in `text` (Python's `len`). */
export function codePointLength(text: string): number {
  if (!hasAstral(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Converts offsets in one string both ways in O(1) after an O(n) set-up; the identity when the
 * text has no astral characters (the common case costs nothing).
 */
export class OffsetMap {
  /** utf16Of[cp] = UTF-16 index of code point cp (length cpLength + 1). Null when identity. */
  private readonly utf16Of: Uint32Array | null;
  /** cpOf[u] = code point index of UTF-16 index u (length text.length + 1). Null when identity. */
  private readonly cpOf: Uint32Array | null;
  readonly cpLength: number;

  constructor(readonly text: string) {
    if (!hasAstral(text)) {
      this.utf16Of = null;
      this.cpOf = null;
      this.cpLength = text.length;
      return;
    }
    const cpOf = new Uint32Array(text.length + 1);
    const utf16 = [] as number[];
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      cpOf[i] = cp;
      utf16.push(i);
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          cpOf[i] = cp; // the low surrogate belongs to the same code point
        }
      }
      cp++;
    }
    cpOf[text.length] = cp;
    utf16.push(text.length);
    this.cpOf = cpOf;
    this.utf16Of = Uint32Array.from(utf16);
    this.cpLength = cp;
  }

  /** Code-point offset -> UTF-16 index (for `String.prototype.slice`). */
  toUtf16(cp: number): number {
    if (this.utf16Of === null) return cp;
    if (cp < 0 || cp > this.cpLength) throw new RangeError(`code point offset ${cp} is outside 0..${this.cpLength}`);
    return this.utf16Of[cp]!;
  }

  /** UTF-16 index -> code-point offset. */
  toCodePoint(utf16: number): number {
    if (this.cpOf === null) return utf16;
    if (utf16 < 0 || utf16 > this.text.length) throw new RangeError(`UTF-16 index ${utf16} is outside 0..${this.text.length}`);
    return this.cpOf[utf16]!;
  }

  /** The text between two code-point offsets. */
  slice(startCp: number, endCp: number): string {
    return this.text.slice(this.toUtf16(startCp), this.toUtf16(endCp));
  }
}

/** The text between two code-point offsets of `text` (Python's `text[start:end]`). */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return new OffsetMap(text).slice(start, end);
}
