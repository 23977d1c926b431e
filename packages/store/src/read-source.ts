/**
 * `db:DATASET` as a corpus source: the reader @nerflow/corpus's `openCorpus` uses for `db:` specs.
 * Importing @nerflow/store registers it (the nerflow CLI and the stages that read sources import
 * the store), so every command that reads a corpus reads stored datasets the same way.
 */
import { registerSourceReader, sourceScheme, type Answer, type SourceReader } from '@nerflow/corpus';
import { openStore } from './open-store.js';
import type { Store } from './types.js';

export interface DbSourceOptions {
  /** An open store to read instead of opening the spec's database (it is not closed). */
  store?: Store;
  /** Only examples with this answer. */
  answer?: Answer;
  /** Only this session's examples. */
  session?: string;
}

/** True for a source spec that names a stored dataset (`db:NAME`). */
export function isDbSource(spec: string): boolean {
  return sourceScheme(spec) === 'db';
}

/**
 * The reader of `db:DATASET`: all of the dataset's answers (partial and rejected ones included:
 * callers filter), from `store` or else from the database `openCorpus` is given (`--db`, else
 * NERFLOW_DB or the home-folder file). An unknown dataset is E_STORE_NO_DATASET listing those there.
 * @example for await (const { example } of openCorpus('db:marketing', { readers: { db: dbSourceReader({ store, answer: 'accept' }) } })) train.push(example);
 */
export function dbSourceReader(options: DbSourceOptions = {}): SourceReader {
  return async function* readDataset(name, { db }) {
    const store = options.store ?? openStore({ db });
    try {
      yield* store.examples(name, { answer: options.answer, session: options.session });
    } finally {
      if (!options.store) await store.close();
    }
  };
}

// The store owns db:, so it replaces a registration left by another copy of this module.
registerSourceReader('db', dbSourceReader(), { replace: true });
