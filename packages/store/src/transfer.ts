import { assertValidExample, readJsonlLines, writeJsonl, type Example } from '@nerflow/corpus';
import { isDbSource, readSource } from './read-source.js';
import type { AddResult, ExampleQuery, Store } from './types.js';

/**
 * Imports a corpus JSONL file (Prodigy-compatible) into a dataset. Deduplicated by session and
 * `_task_hash`: importing the same file twice adds nothing.
 * @returns how many examples were added and how many were already there.
 */
export async function importFile(store: Store, dataset: string, file: string, options: { session?: string } = {}): Promise<AddResult> {
  if (isDbSource(file)) return store.add(dataset, readSource(file), { session: options.session, onConflict: 'ignore' });
  // Validated as `nerflow validate` does (spans in range, aligned, not overlapping...), and a file
  // is checked whole before anything is stored, so a bad line 900 imports nothing (stdin: no
  // second pass, the lines before the bad one are kept).
  if (file !== '-') for await (const _ of validated(file)) { /* first pass: check only */ }
  return store.add(dataset, validated(file), { session: options.session, onConflict: 'ignore' });
}

async function* validated(file: string): AsyncIterable<Example> {
  const where = file === '-' ? '<stdin>' : file;
  for await (const { value, line } of readJsonlLines(file)) {
    assertValidExample(value, { file: where, line });
    yield value;
  }
}

/**
 * Writes a dataset as corpus JSONL (`-` for stdout, `.gz` compresses), the format every stage and
 * Prodigy's `db-in` read. Returns the number of examples written.
 */
export async function exportFile(store: Store, dataset: string, out: string, query: ExampleQuery = {}): Promise<number> {
  let n = 0;
  async function* counted(): AsyncIterable<Example> {
    for await (const ex of store.examples(dataset, query)) { n++; yield ex; }
  }
  await writeJsonl(out, counted());
  return n;
}
