import os from 'node:os';
import path from 'node:path';
import { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { isPostgresUrl } from './postgres-url.js';
import { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
import type { Store } from './types.js';

export interface OpenStoreOptions extends SqliteStoreOptions, PostgresStoreOptions {
  /** A SQLite file path, ':memory:', or a postgresql:// URL (docs/scale.md). Default: see `defaultDbPath()`. */
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
 * Opens the store named by `db` (or the default): PostgreSQL for a `postgresql://` URL (it connects
 * on first use, so this stays synchronous), else a SQLite file. The caller closes it.
 * @example const store = openStore({ db: 'annotations.db' }); await store.stats('marketing');
 * @example const team = openStore({ db: 'postgresql://nerflow:secret@db.local/anotacion' });
 */
export function openStore(options: OpenStoreOptions = {}): Store {
  const location = options.db ?? defaultDbPath();
  if (isPostgresUrl(location)) return new PostgresStore(location, options);
  return new SqliteStore(location, options);
}
