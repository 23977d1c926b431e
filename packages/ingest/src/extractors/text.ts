import { CorpusErrors, decodeText, openCorpus, type NerError } from '@nerflow/corpus';
import type { ExtractedDoc, Extractor, Line } from '../types.js';

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

/**
 * Light Markdown-to-text for one line: heading marks, list bullets, quotes, emphasis, inline code and
 * links (`[texto](url)` -> `texto`); code-fence lines are dropped by the caller.
 */
export function stripMarkdown(line: string): string {
  return line
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/u, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/(\*\*|__)(.+?)\1/gu, '$2')
    .replace(/(?<![\p{L}\p{N}])[*_](\S(?:.*?\S)?)[*_](?![\p{L}\p{N}])/gu, '$1')
    .replace(/`([^`]+)`/gu, '$1');
}

/** Passthrough for text users already have: `.txt` and `.md` (one page; blank lines = paragraphs). */
export const textExtractor: Extractor = {
  name: 'text',
  version: '1',
  extensions: ['.txt', '.md'],
  available: () => true,
  async extract(file: string, data: Uint8Array): Promise<ExtractedDoc> {
    // Latin-1 / UTF-16 files are decoded as what they are (with a warning), never as `A�o`.
    const decoded = decodeText(data);
    let text = decoded.text;
    if (file.toLowerCase().endsWith('.md')) {
      text = text.split(/\r?\n/u).filter((l) => !/^\s*(?:```|~~~)/u.test(l)).map(stripMarkdown).join('\n');
    }
    const warnings = decoded.warning ? [decoded.warning] : [];
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
    // A record without text is skipped with a warning; a line that is not JSON stops the file.
    const onSkip = (e: NerError) => {
      if (e.code !== CorpusErrors.SCHEMA) throw e;
      if (warnings.length < 5) warnings.push(`line ${e.line}: ${e.message}; skipped`);
    };
    for await (const { example } of openCorpus(file, { format: 'jsonl', onError: 'skip', onSkip })) {
      textToLines(example.text).forEach((l, i) => lines.push({ text: l.text, newPara: i === 0 || l.newPara }));
    }
    return { pages: [{ num: 1, lines }], metadata: {}, warnings };
  },
};

