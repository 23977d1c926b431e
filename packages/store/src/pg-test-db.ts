/**
 * PostgreSQL for tests (exported so that every package's tests share it): NERFLOW_TEST_PG names a server (e.g. postgresql://nerflow:nerflow@127.0.0.1:5432/nerflow_test);
 * each test database is a fresh schema of it, dropped afterwards. Without the variable the tests
 * that need PostgreSQL skip, saying why (a laptop without a server).
 */
import pg from 'pg';

/** The test server's URL, from NERFLOW_TEST_PG; undefined when not set. */
export const TEST_PG = process.env.NERFLOW_TEST_PG?.trim() || undefined;
/** Why PostgreSQL tests skip here, or undefined when they run. */
export const PG_SKIP_REASON = TEST_PG ? undefined
  : 'NERFLOW_TEST_PG is not set (start PostgreSQL and export NERFLOW_TEST_PG=postgresql://USER:PASS@127.0.0.1:5432/DB; see docs/scale.md)';

let n = 0;

/** A new empty schema on the test server: its URL (with ?schema=) and a function that drops it. */
export function pgTestSchema(prefix = 'nerflow_t'): { url: string; schema: string; drop(): Promise<void> } {
  if (!TEST_PG) throw new Error(PG_SKIP_REASON);
  const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${n++}`;
  const u = new URL(TEST_PG);
  u.searchParams.set('schema', schema);
  return {
    url: u.href,
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG });
      await c.connect();
      try { await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); } finally { await c.end(); }
    },
  };
}
