import os from 'node:os';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { StoreErrors } from './errors.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { Store } from './types.js';

export interface OpenStoreOptions extends SqliteStoreOptions {
  /** A file path, ':memory:', or (later) a postgres:// URL. Default: see `defaultDbPath()`. */
  db?: string;
}

/**
 * Where the annotation database lives when `--db` is not given: `NERFLOW_DB` if set, else
 * `~/.nerflow/nerflow.db` (Prodigy keeps its SQLite file in the home folder the same way).
 * @example defaultDbPath({}) // '/home/ana/.nerflow/nerflow.db'
 */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.NERFLOW_DB?.trim();
  if (fromEnv) return fromEnv;
  return path.join(os.homedir(), '.nerflow', 'nerflow.db');
}

/**
 * Opens the store named by `db` (or the default). The caller closes it.
 * @example const store = openStore({ db: 'annotations.db' }); await store.stats('marketing');
 */
export function openStore(options: OpenStoreOptions = {}): Store {
  const location = options.db ?? defaultDbPath();
  if (/^postgres(ql)?:\/\//.test(location)) {
    throw new NerError(StoreErrors.OPEN_FAILED, 'PostgreSQL databases are not supported yet.', {
      hint: 'Use a SQLite file path for --db / NERFLOW_DB. The Store interface is ready for a PostgreSQL implementation.',
    });
  }
  return new SqliteStore(location, options);
}
