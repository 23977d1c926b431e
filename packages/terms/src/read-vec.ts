/**
 * Streaming reader for the standard text vector formats: word2vec/fastText `.vec` (a first line
 * "COUNT DIM") and GloVe `.txt` (no header). Gzip by `.gz` extension. Rows are normalised into a
 * growing Float32Array, so memory is the store's size, not the text's.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { StageContext } from '@nerflow/core';
import { VectorStore } from './vector-store.js';
import { termsError, TermsErrors } from './errors.js';

export interface ReadVecOptions {
  /** Keep only the first N words (text vector files list the most frequent first). */
  maxWords?: number;
  /** Lower-case words; the first (most frequent) spelling wins. Off by default. */
  lowercase?: boolean;
}

/**
 * Loads a `.vec`/GloVe text file into a VectorStore.
 * @returns the store (rows normalised) and how many lines were skipped as duplicates.
 * @throws NerError E_TERMS_VEC_MALFORMED / E_TERMS_VEC_DIM naming `file:line`.
 * @example const { store } = await readVecFile('cc.es.300.vec', { maxWords: 200_000 });
 */
export async function readVecFile(
  file: string,
  options: ReadVecOptions = {},
  ctx?: Pick<StageContext, 'progress'>,
): Promise<{ store: VectorStore; duplicates: number }> {
  const maxWords = options.maxWords ?? Infinity;
  let input: NodeJS.ReadableStream = createReadStream(file);
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let dim = 0;
  let capacity = 0;
  let matrix = new Float32Array(0);
  const words: string[] = [];
  const seen = new Set<string>();
  let lineNo = 0;
  let duplicates = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trimEnd();
    if (line === '') continue;
    const fields = line.split(' ');
    if (lineNo === 1 && fields.length === 2 && /^\d+$/.test(fields[0]!) && /^\d+$/.test(fields[1]!)) {
      dim = Number(fields[1]);
      capacity = Math.min(Number(fields[0]), maxWords);
      matrix = new Float32Array(capacity * dim);
      continue;
    }
    if (dim === 0) dim = fields.length - 1; // GloVe: the first row fixes the width
    if (dim <= 0) {
      throw termsError(TermsErrors.VEC_MALFORMED, `Line has a word but no numbers.`, {
        file, line: lineNo, hint: 'Each line must be "WORD x1 x2 ... xN" separated by single spaces.',
      });
    }
    if (fields.length < dim + 1) {
      throw termsError(TermsErrors.VEC_DIM, `Expected ${dim} numbers after the word, found ${fields.length - 1}.`, {
        file, line: lineNo, hint: 'All rows must have the dimension given in the header (or by the first row); the file may be truncated or mixed.',
      });
    }
    // Some GloVe files have words with spaces: the last `dim` fields are the numbers.
    const word = fields.slice(0, fields.length - dim).join(' ');
    const key = options.lowercase ? word.toLowerCase() : word;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    if (words.length >= maxWords) break;
    if (words.length === capacity) {
      capacity = Math.max(1024, capacity * 2);
      const grown = new Float32Array(capacity * dim);
      grown.set(matrix);
      matrix = grown;
    }
    const off = words.length * dim;
    for (let d = 0; d < dim; d++) {
      const v = Number(fields[fields.length - dim + d]);
      if (!Number.isFinite(v)) {
        throw termsError(TermsErrors.VEC_MALFORMED, `"${fields[fields.length - dim + d]}" is not a number (column ${d + 2}).`, {
          file, line: lineNo, hint: 'Text vector files hold one word and its numbers per line, separated by single spaces.',
        });
      }
      matrix[off + d] = v;
    }
    seen.add(key);
    words.push(key);
    if (words.length % 10_000 === 0) ctx?.progress({ unit: 'words', done: words.length, total: capacity || undefined, phase: 'load' });
  }
  lines.close();
  if (words.length === 0) {
    throw termsError(TermsErrors.VEC_EMPTY, `No vectors found in ${file}.`, { file, hint: 'Is this a .vec / GloVe text file?' });
  }
  const store = new VectorStore(words, dim, matrix.slice(0, words.length * dim), { source: `load:${file}` });
  return { store, duplicates };
}
