import { openCorpus, openExamples, writeJsonl, type Example, type OpenCorpusOptions } from '@nerflow/corpus';
import { dbSourceReader } from './read-source.js';
import type { AddResult, ExampleQuery, Store } from './types.js';

/**
 * Imports a corpus (JSONL, Prodigy-compatible; CoNLL; `-`; or `db:OTHER` of the same database)
 * into a dataset. Deduplicated by session and `_task_hash`: importing the same file twice adds nothing.
 * @returns how many examples were added and how many were already there.
 */
export async function importFile(store: Store, dataset: string, file: string, options: { session?: string } = {}): Promise<AddResult> {
  // Validated as `nerflow validate` does (spans in range, aligned, not overlapping...), and a file
  // is checked whole before anything is stored, so a bad line 900 imports nothing (stdin and db:
  // get no second pass; a stored dataset was validated when it was imported).
  const read: OpenCorpusOptions = { validate: true, readers: { db: dbSourceReader({ store }) } };
  if (file !== '-' && !file.startsWith('db:')) for await (const _ of openCorpus(file, read)) { /* first pass: check only */ }
  return store.add(dataset, openExamples(file, read), { session: options.session, onConflict: 'ignore' });
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
