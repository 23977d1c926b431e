import pg from 'pg';
import { NerError } from '@nerflow/corpus';
import { StoreErrors } from './errors.js';

/** Where a PostgreSQL store connects: pool settings, the schema it keeps its tables in, a printable URL. */
export interface PgTarget {
  config: pg.PoolConfig;
  schema: string;
  /** The URL with the password masked. */
  display: string;
}

const SCHEMA_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** True for `postgres://` and `postgresql://` URLs (what `--db` / NERFLOW_DB take for PostgreSQL). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** int8 (counts, 53-bit hashes, ids) as JS numbers: every value nerflow stores fits in 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Parses `postgresql://USER:PASSWORD@HOST:PORT/DATABASE[?schema=NAME&...]`. `schema` (nerflow's own
 * parameter, default `public`) keeps several nerflow databases in one PostgreSQL database (tests,
 * teams sharing a server); the other parameters (sslmode, ...) go to the driver as they are.
 */
export function connectionConfig(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch (cause) {
    throw new NerError(StoreErrors.OPEN_FAILED, `Not a PostgreSQL URL: ${url.replace(/:[^:@/]*@/, ':***@')}`, {
      hint: 'Write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE (percent-encode special characters in the password).', cause,
    });
  }
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_RE.test(schema)) {
    throw new NerError(StoreErrors.OPEN_FAILED, `Invalid schema name ${JSON.stringify(schema)} in the PostgreSQL URL.`, {
      hint: 'Use ?schema= with letters, digits and _ (starting with a letter or _), at most 63 characters.',
    });
  }
  u.searchParams.delete('schema');
  const shown = new URL(u.href);
  if (shown.password) shown.password = '***';
  if (schema !== 'public') shown.searchParams.set('schema', schema);
  // plan_cache_mode: nerflow's statements are prepared (postgres-store.ts) and written so that one
  // plan fits every parameter (postgres-leases.ts: lookups by whole keys); left to choose, PostgreSQL
  // planned the get-next statement again on every call (issue 20: 0.46-0.54 ms of backend CPU per
  // get-next, 0.28-0.32 ms with the plan kept).
  return {
    config: { connectionString: u.href, types, options: `-c search_path=${schema} -c plan_cache_mode=force_generic_plan`, application_name: 'nerflow' },
    schema,
    display: shown.href,
  };
}
