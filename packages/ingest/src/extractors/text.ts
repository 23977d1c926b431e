import { readJsonl } from '@nerflow/corpus';
import type { ExtractedDoc, Extractor, Line } from '../types.js';

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Splits plain text into lines; blank lines start paragraphs. */
export function textToLines(text: string): Line[] {
  const lines: Line[] = [];
  let blank = true;
  for (const raw of text.replace(/^\uFEFF/u, '').split(/\r?\n|\r/u)) {
    const t = raw.trim();
    if (!t) { blank = true; continue; }
    lines.push({ text: t, newPara: blank });
    blank = false;
  }
  return lines;
}

/** Passthrough for text users already have: `.txt` and `.md` (one page; blank lines = paragraphs). */
export const textExtractor: Extractor = {
  name: 'text',
  version: '1',
  extensions: ['.txt', '.md'],
  available: () => true,
  async extract(_file: string, data: Uint8Array): Promise<ExtractedDoc> {
    const text = utf8.decode(data);
    const warnings = text.includes('\uFFFD') ? ['invalid UTF-8 bytes were replaced by U+FFFD'] : [];
    return { pages: [{ num: 1, lines: textToLines(text) }], metadata: {}, warnings };
  },
};

/**
 * Passthrough for `.jsonl` with a `text` field per record (a corpus or any JSONL): each record is one
 * paragraph (its own text is re-cleaned and re-split like any other). Bad lines stop with `file:line`.
 */
export const jsonlExtractor: Extractor = {
  name: 'jsonl',
  version: '1',
  extensions: ['.jsonl', '.jsonl.gz'],
  available: () => true,
  async extract(file: string): Promise<ExtractedDoc> {
    const lines: Line[] = [];
    const warnings: string[] = [];
    let n = 0;
    for await (const rec of readJsonl<{ text?: unknown }>(file)) {
      n++;
      if (typeof rec.text !== 'string') {
        if (warnings.length < 5) warnings.push(`record ${n} has no "text" string; skipped`);
        continue;
      }
      textToLines(rec.text).forEach((l, i) => lines.push({ text: l.text, newPara: i === 0 || l.newPara }));
    }
    return { pages: [{ num: 1, lines }], metadata: {}, warnings };
  },
};

