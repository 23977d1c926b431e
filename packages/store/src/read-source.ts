import { readJsonl, type Answer, type Example } from '@nerflow/corpus';
import { openStore } from './open-store.js';
import type { Store } from './types.js';

export interface ReadSourceOptions {
  /** Database for `db:` sources (default: NERFLOW_DB or the home-folder file). */
  db?: string;
  /** An open store to use instead of opening `db` (it is not closed). */
  store?: Store;
  /** For `db:` sources: only examples with this answer. */
  answer?: Answer;
  /** For `db:` sources: only this session's examples. */
  session?: string;
  /** For files: skip bad lines instead of stopping (they are still reported by the reader). */
  onError?: 'stop' | 'skip';
}

/** True for a source spec that names a stored dataset (`db:NAME`). */
export function isDbSource(spec: string): boolean {
  return spec.startsWith('db:');
}

/**
 * Examples from a source spec, so every stage accepts the same inputs: `db:DATASET` reads a stored
 * dataset (all its answers, partial and rejected ones included: callers filter); anything else is a
 * corpus JSONL path (`.jsonl`, `.jsonl.gz`, or `-` for stdin).
 * @example for await (const ex of readSource('db:marketing', { answer: 'accept' })) train.push(ex);
 */
export async function* readSource(spec: string, options: ReadSourceOptions = {}): AsyncIterable<Example> {
  if (!isDbSource(spec)) {
    yield* readJsonl(spec, { onError: options.onError ?? 'stop' }) as AsyncIterable<Example>;
    return;
  }
  const store = options.store ?? openStore({ db: options.db });
  try {
    yield* store.examples(spec.slice(3), { answer: options.answer, session: options.session });
  } finally {
    if (!options.store) await store.close();
  }
}
