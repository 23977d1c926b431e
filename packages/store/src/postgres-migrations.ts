import type pg from 'pg';

/** One schema change; applied once per database schema, in version order, and recorded. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The PostgreSQL layout, as versioned steps (never edit a released step: add the next one).
 * Same model as SQLite (sqlite-schema.ts): one row per stored answer, unique per (dataset, session,
 * task). Content is `json` (kept as written, key order included, so export gives back what was
 * stored); `ts` is the answer's own `_timestamp`, so "newest wins" needs no JSON parsing.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'datasets and examples',
    sql: `
CREATE TABLE datasets (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created BIGINT NOT NULL,
  meta JSONB NOT NULL DEFAULT '{}'
);
CREATE TABLE examples (
  id BIGSERIAL PRIMARY KEY,
  dataset_id BIGINT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  session TEXT NOT NULL DEFAULT '',
  task_hash BIGINT NOT NULL,
  input_hash BIGINT NOT NULL,
  answer TEXT,
  ts DOUBLE PRECISION NOT NULL,
  created BIGINT NOT NULL,
  content JSON NOT NULL,
  UNIQUE (dataset_id, session, task_hash)
);
CREATE INDEX examples_task ON examples (dataset_id, task_hash);
CREATE INDEX examples_input ON examples (dataset_id, input_hash);`,
  },
  {
    version: 2,
    name: 'task leases (several annotate servers on one dataset)',
    sql: `
CREATE TABLE task_leases (
  dataset_id BIGINT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  queue TEXT NOT NULL,
  task_hash BIGINT NOT NULL,
  session TEXT NOT NULL,
  expires TIMESTAMPTZ NOT NULL,
  seq BIGSERIAL,
  task JSON NOT NULL,
  PRIMARY KEY (dataset_id, queue, task_hash)
);
CREATE INDEX task_leases_expiry ON task_leases (dataset_id, queue, expires);`,
  },
  {
    version: 3,
    name: 'an answer marks its task lease done in the same statement; open leases indexed per session',
    // Issue 20's profile: an answer cost an INSERT and then a lease UPDATE (two commits), and renewing
    // a session's leases walked every done lease of the queue. The statement-level triggers (transition
    // tables: one UPDATE per INSERT statement, however many rows) make "stored, so never handed out
    // again" atomic with the answer, whoever writes it (annotate, db import, merge). The queue of a task
    // is '' (shared) or the answering session (--overlap): the same rule as the claims' "not answered".
    sql: `
CREATE INDEX task_leases_open ON task_leases (dataset_id, queue, session, seq) WHERE expires <> 'infinity';
CREATE FUNCTION nerflow_answered_leases_done() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  -- Written as a join on the full primary key (an IN over queue made PostgreSQL scan the table: 4 ms per answer).
  UPDATE task_leases l SET expires = 'infinity'
  FROM (SELECT dataset_id, '' AS queue, task_hash FROM answered UNION SELECT dataset_id, session, task_hash FROM answered) a
  WHERE l.dataset_id = a.dataset_id AND l.queue = a.queue AND l.task_hash = a.task_hash AND l.expires <> 'infinity';
  RETURN NULL;
END $$;
CREATE TRIGGER examples_insert_leases_done AFTER INSERT ON examples REFERENCING NEW TABLE AS answered
  FOR EACH STATEMENT EXECUTE FUNCTION nerflow_answered_leases_done();
CREATE TRIGGER examples_update_leases_done AFTER UPDATE ON examples REFERENCING NEW TABLE AS answered
  FOR EACH STATEMENT EXECUTE FUNCTION nerflow_answered_leases_done();`,
  },
  {
    version: 4,
    name: 'leases found by their key: the expiry index goes',
    // Issue 20: on a dataset without statistics PostgreSQL renewed a session's leases through this
    // index, walking every lease of the queue (done ones included) per get-next. The statements now
    // find leases by their primary key (postgres-leases.ts); this index only served the search for
    // expired leases, which task_leases_open (the leases handed out and not answered) serves as
    // well, and every lease change paid for keeping it up to date.
    sql: 'DROP INDEX task_leases_expiry;',
  },
];

/** The newest schema version this code knows. */
export const PG_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Brings `schema` up to date: creates it and the `nerflow_migrations` table when absent, then applies
 * the missing steps, each in its own transaction. An advisory lock serialises two servers opening
 * a fresh database at once. Refuses a database written by a newer nerflow.
 */
export async function migrate(client: pg.PoolClient, schema: string): Promise<number[]> {
  const applied: number[] = [];
  const q = quoteIdent(schema);
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`nerflow_migrations:${schema}`]);
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${q}.nerflow_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${q}.nerflow_migrations`);
    const current = rows[0]?.v ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(`schema "${schema}" is at version ${current}, newer than this nerflow (${PG_SCHEMA_VERSION}): upgrade nerflow`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(`SET LOCAL search_path TO ${q}`);
        await client.query(m.sql);
        await client.query(`INSERT INTO ${q}.nerflow_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`nerflow_migrations:${schema}`]);
  }
  return applied;
}

/** A PostgreSQL identifier in double quotes (schema names come from the URL). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
