import { writeJsonl, type Example } from '@nerflow/corpus';
import { readSource } from './read-source.js';
import type { AddResult, ExampleQuery, Store } from './types.js';

/**
 * Imports a corpus JSONL file (Prodigy-compatible) into a dataset. Deduplicated by session and
 * `_task_hash`: importing the same file twice adds nothing.
 * @returns how many examples were added and how many were already there.
 */
export async function importFile(store: Store, dataset: string, file: string, options: { session?: string } = {}): Promise<AddResult> {
  return store.add(dataset, readSource(file), { session: options.session, onConflict: 'ignore' });
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
