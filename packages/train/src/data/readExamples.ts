import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { NerError, readConll, readHead, readJsonlLines, sniffFormat, withHashes, type Example } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';

/** An example with where it came from (for error messages). */
export interface Located {
  example: Example;
  file: string;
  line?: number;
}

/**
 * Reads the inputs `nerflow train`/`predict` accept: corpus or Prodigy JSONL (`.jsonl`,
 * `.jsonl.gz`), CoNLL/IOB column files (sniffed, e.g. `esp.train`), `db:DATASET` (the annotation
 * database, through @nerflow/store), and, with `plainText`, `.txt` files (one example per
 * non-empty line).
 */
export async function* readExamples(spec: string, options: { plainText?: boolean; db?: string } = {}): AsyncGenerator<Located> {
  if (spec.startsWith('db:')) {
    let store: typeof import('@nerflow/store');
    try {
      store = await import('@nerflow/store');
    } catch (cause) {
      throw new NerError(TrainErrors.NO_STORE, `Cannot open the annotation database for ${spec}`, { cause, hint: 'Install @nerflow/store (it ships with the nerflow CLI).' });
    }
    for await (const example of store.readSource(spec, { db: options.db })) yield { example, file: spec };
    return;
  }
  if (spec !== '-' && !existsSync(spec)) {
    throw new NerError(TrainErrors.BAD_INPUT, `Input not found: ${spec}`, { file: spec, hint: 'Give a corpus JSONL, a CoNLL file, a .txt file or db:DATASET.' });
  }
  if (options.plainText && /\.txt$/i.test(spec)) {
    const lines = (await readFile(spec, 'utf8')).split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) if (lines[i]!.trim()) yield { example: withHashes({ text: lines[i]! }), file: spec, line: i + 1 };
    return;
  }
  const format = spec === '-' ? 'jsonl' : sniffFormat(spec, await readHead(spec));
  if (format === 'conll') {
    for await (const example of readConll(spec)) yield { example, file: spec, line: (example.meta?.line as number | undefined) };
    return;
  }
  for await (const { value, line } of readJsonlLines<Example>(spec)) {
    if (typeof value?.text !== 'string') {
      throw new NerError(TrainErrors.BAD_INPUT, 'The record has no "text" string', { file: spec, line, hint: 'Every corpus line is an example with at least {"text": "..."}.' });
    }
    yield { example: value, file: spec, line };
  }
}

/** All examples of a source in memory. */
export async function readAll(spec: string, options: { plainText?: boolean; db?: string } = {}): Promise<Located[]> {
  const out: Located[] = [];
  for await (const x of readExamples(spec, options)) out.push(x);
  return out;
}
