import type { Line } from '../types.js';

/** The text of one OCRed page: lines in Tesseract's reading order, and how sure it was. */
export interface OcrPage {
  lines: Line[];
  /** Words recognised (Tesseract level-5 entries with text). */
  words: number;
  /** Mean word confidence, 0-100 (0 when no word was found). */
  confidence: number;
}

/**
 * Parses Tesseract's TSV output (the same columns from the `tesseract` binary and from
 * tesseract.js): one row per page/block/paragraph/line/word, words at level 5 with their
 * confidence, each line (level 4) with its box. A line starts a paragraph when Tesseract's
 * (block, paragraph) changes or the geometry says so, so the clean-up that follows joins lines
 * exactly as for a text layer, and a title stays its own paragraph.
 */
export function parseTesseractTsv(tsv: string): OcrPage {
  const lines: Line[] = [];
  let para = '';
  let words: string[] = [];
  let newPara = true;
  let confSum = 0;
  let count = 0;
  let prev: { top: number; height: number } | undefined;
  const flush = () => {
    if (words.length) lines.push({ text: words.join(' '), newPara });
    words = [];
  };
  for (const row of tsv.split('\n')) {
    const cols = row.split('\t');
    if (cols.length < 12) continue;
    if (cols[0] === '4') {
      // A new line: a new paragraph when Tesseract says so, or when the page's geometry does
      // (a gap of most of a line, or a change of type size: a title above its text).
      flush();
      const top = Number(cols[7]);
      const height = Number(cols[9]);
      const paraKey = `${cols[2]}/${cols[3]}`;
      const gap = prev ? top - (prev.top + prev.height) : 0;
      newPara = paraKey !== para || !prev || gap > 0.75 * prev.height || Math.abs(height - prev.height) > 0.3 * prev.height;
      para = paraKey;
      prev = { top, height };
      continue;
    }
    if (cols[0] !== '5') continue;
    const text = cols.slice(11).join('\t').trim();
    const conf = Number(cols[10]);
    if (!text || !(conf >= 0)) continue;
    words.push(text);
    confSum += conf;
    count++;
  }
  flush();
  return { lines, words: count, confidence: count ? confSum / count : 0 };
}
