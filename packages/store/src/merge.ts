import { NerError, type Example } from '@nerflow/corpus';
import { StoreErrors, checkName } from './errors.js';
import type { AddResult, MergeOptions, Store } from './types.js';

/**
 * `Store.merge` for any backend: copies the examples of `sources` into `target` through the store's
 * own `examples` and `add`, so deduplication and "newest wins" are the backend's. Checks the
 * sources exist (`requireDataset` throws the store's E_STORE_NO_DATASET) before writing anything.
 */
export async function mergeDatasets(
  store: Store, sources: string[], target: string, options: MergeOptions, requireDataset: (name: string) => Promise<unknown>,
): Promise<AddResult> {
  checkName(target);
  if (sources.includes(target)) {
    throw new NerError(StoreErrors.BAD_NAME, `Cannot merge dataset "${target}" into itself.`, {
      hint: 'Name a new target dataset, e.g. `nerflow db merge a,b merged`.',
    });
  }
  for (const s of sources) await requireDataset(s);
  const collapse = options.collapse;
  if (collapse !== undefined && collapse !== '') checkName(collapse, 'session');
  async function* all(): AsyncIterable<Example> {
    for (const s of sources) {
      for await (const ex of store.examples(s)) yield collapse === undefined ? ex : { ...ex, _session_id: collapse || undefined };
    }
  }
  // Collapsing keeps the newest answer per task: later examples replace earlier ones.
  return store.add(target, all(), { onConflict: collapse === undefined ? 'ignore' : 'replace' });
}
