import type pg from 'pg';
import type { LeasedTask, LeaseState, TaskLeases } from './types.js';

type Query = <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => Promise<pg.QueryResult<R>>;

// Issue 20: every lookup below goes through an index by its whole key, in a form the planner has no
// other choice for: per-hash lookups as correlated scalar subqueries (never turned into a join),
// updates of known rows as INSERT ... ON CONFLICT DO UPDATE (found through the primary key). On a
// dataset without statistics yet (every new one, until autovacuum's first ANALYZE) PostgreSQL
// planned the former joins as walks over every lease of the queue and every answer of the dataset:
// a get-next's backend CPU grew with the dataset. postgres-leases.test.ts counts the pages read.

/** True when the task `hash` is answered in the queue's sessions ('' = any session). */
const ANSWERED = (hash: string) => `(SELECT 1 FROM examples e WHERE e.dataset_id = $1 AND e.task_hash = ${hash}
  AND ($2 = '' OR e.session = $2) LIMIT 1) IS NOT NULL`;
const TTL = (param: string) => `now() + ${param} * interval '1 millisecond'`;

/**
 * Sets `set` on the leases `rows` (a query of task_hash, rows locked) of queue $2 and returns them.
 * An upsert on rows that exist: the primary key finds each one, whatever the statistics say.
 */
const UPDATE_LEASES = (rows: string, set: string) => `INSERT INTO task_leases AS l (dataset_id, queue, task_hash, session, expires, task)
  SELECT $1, $2, o.task_hash, $3, ${TTL('$5')}, '{}' FROM (${rows}) o
  ON CONFLICT (dataset_id, queue, task_hash) DO UPDATE SET ${set}
  RETURNING l.task_hash AS hash, l.task, l.seq`;

/** The session's open leases, oldest (an undone task) first, renewed: $1 dataset, $2 queue, $3 session, $4 n, $5 ttl ms. */
const RENEW = `WITH renewed AS (${UPDATE_LEASES(`SELECT task_hash FROM task_leases WHERE dataset_id = $1 AND queue = $2 AND session = $3
    AND expires <> 'infinity' ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED`, 'expires = EXCLUDED.expires')})`;

/**
 * Leases the candidates ($6 hashes, $7 tasks as JSON) to the session unless answered, done or held
 * live by another session than $8 (the caller's reservation, or null); `extra` narrows which
 * candidates are tried. Returns the hashes won.
 */
const CLAIM = (extra: string) => `INSERT INTO task_leases (dataset_id, queue, task_hash, session, expires, task)
  SELECT $1, $2, u.h, $3, ${TTL('$5')}, u.task::json
  FROM unnest($6::int8[], $7::text[]) WITH ORDINALITY AS u(h, task, ord) WHERE NOT ${ANSWERED('u.h')} ${extra} ORDER BY u.ord
  ON CONFLICT (dataset_id, queue, task_hash) DO UPDATE SET session = EXCLUDED.session, expires = EXCLUDED.expires
    WHERE task_leases.expires <> 'infinity'
      AND (task_leases.session = EXCLUDED.session OR task_leases.session = $8::text OR task_leases.expires < now())
  RETURNING task_hash AS hash`;

const bySeq = (rows: { hash: number; task: unknown; seq: number }[]): LeasedTask[] =>
  rows.sort((a, b) => a.seq - b.seq).map(({ hash, task }) => ({ hash, task }));

/**
 * Task leases in PostgreSQL (table task_leases, migration 2). Every hand-out is one statement on
 * the lease's primary key: INSERT ... ON CONFLICT DO UPDATE ... WHERE (free or expired) lets exactly
 * one of two racing servers win a task, and FOR UPDATE SKIP LOCKED lets servers taking over expired
 * leases pass each other's rows instead of waiting or taking the same one. Done leases have
 * `expires = 'infinity'`, set by the answer's own INSERT (a trigger, migration 3): a task answered on
 * one server is never handed out again by another.
 */
export class PostgresLeases implements TaskLeases {
  constructor(private readonly query: Query, private readonly datasetId: (name: string) => Promise<number>) {}

  async renew(dataset: string, queue: string, session: string, n: number, ttlMs: number): Promise<LeasedTask[]> {
    const id = await this.datasetId(dataset);
    const { rows } = await this.query<{ hash: number; task: unknown; seq: number }>(`${RENEW} SELECT hash, task, seq FROM renewed`, [id, queue, session, n, ttlMs]);
    return bySeq(rows);
  }

  async renewAndClaim(dataset: string, queue: string, session: string, n: number, ttlMs: number, candidates: LeasedTask[], reservedBy?: string): Promise<{ renewed: LeasedTask[]; claimed: Set<number> }> {
    const id = await this.datasetId(dataset);
    // Both in one statement (one round trip, one commit): the claim takes only as many of the
    // candidates, in order, as the renewed leases leave room for, and none the session already holds.
    const { rows } = await this.query<{ hash: number; task: unknown; seq: number; renewed: boolean }>(
      `${RENEW}, claimed AS (${CLAIM('AND u.ord <= $4 - (SELECT count(*) FROM renewed) AND u.h NOT IN (SELECT hash FROM renewed)')})
       SELECT hash, task, seq, true AS renewed FROM renewed UNION ALL SELECT hash, NULL, 0, false FROM claimed`,
      [id, queue, session, n, ttlMs, candidates.map((t) => t.hash), candidates.map((t) => JSON.stringify(t.task)), reservedBy ?? null]);
    return { renewed: bySeq(rows.filter((r) => r.renewed)), claimed: new Set(rows.filter((r) => !r.renewed).map((r) => r.hash)) };
  }

  async takeOver(dataset: string, queue: string, session: string, n: number, ttlMs: number): Promise<LeasedTask[]> {
    const id = await this.datasetId(dataset);
    const { rows } = await this.query<{ hash: number; task: unknown; seq: number }>(
      UPDATE_LEASES(`SELECT task_hash FROM task_leases t WHERE dataset_id = $1 AND queue = $2 AND expires <> 'infinity'
         AND expires < now() AND session <> $3 AND NOT ${ANSWERED('t.task_hash')} ORDER BY seq LIMIT $4 FOR UPDATE SKIP LOCKED`,
      'session = EXCLUDED.session, expires = EXCLUDED.expires'), [id, queue, session, n, ttlMs]);
    return bySeq(rows);
  }

  async available(dataset: string, queue: string, session: string, hashes: number[]): Promise<Set<number>> {
    if (!hashes.length) return new Set();
    const id = await this.datasetId(dataset);
    const { rows } = await this.query<{ h: number }>(
      `SELECT u.h FROM unnest($3::int8[]) u(h) WHERE NOT ${ANSWERED('u.h')}
         AND (SELECT 1 FROM task_leases l WHERE l.dataset_id = $1 AND l.queue = $2 AND l.task_hash = u.h
           AND (l.expires = 'infinity' OR (l.session <> $4 AND l.expires >= now()))) IS NULL`, [id, queue, hashes, session]);
    return new Set(rows.map((r) => r.h));
  }

  async claim(dataset: string, queue: string, session: string, tasks: LeasedTask[], ttlMs: number, reservedBy?: string): Promise<Set<number>> {
    if (!tasks.length) return new Set();
    const id = await this.datasetId(dataset);
    const { rows } = await this.query<{ hash: number }>(CLAIM('AND u.ord <= $4'),
      [id, queue, session, tasks.length, ttlMs, tasks.map((t) => t.hash), tasks.map((t) => JSON.stringify(t.task)), reservedBy ?? null]);
    return new Set(rows.map((r) => r.hash));
  }

  async reserve(dataset: string, queue: string, holder: string, tasks: LeasedTask[], ttlMs: number): Promise<Set<number>> {
    if (!tasks.length) return new Set();
    const id = await this.datasetId(dataset);
    // DO NOTHING: a task with a lease row (held, done or expired) is passed without locking that row,
    // so a reservation never waits on an answer being stored (the answer's trigger locks its lease:
    // walking past it with DO UPDATE could deadlock against it). Expired leases are takeOver's.
    // Inserted in hash order, so two servers reserving overlapping tasks wait on each other in one order.
    const { rows } = await this.query<{ hash: number }>(
      `INSERT INTO task_leases (dataset_id, queue, task_hash, session, expires, task)
       SELECT $1, $2, u.h, $3, ${TTL('$5')}, u.task::json FROM unnest($4::int8[], $6::text[]) AS u(h, task)
       WHERE NOT ${ANSWERED('u.h')} ORDER BY u.h
       ON CONFLICT (dataset_id, queue, task_hash) DO NOTHING
       RETURNING task_hash AS hash`,
      [id, queue, holder, tasks.map((t) => t.hash), ttlMs, tasks.map((t) => JSON.stringify(t.task))]);
    return new Set(rows.map((r) => r.hash));
  }

  async release(dataset: string, queue: string, holder: string): Promise<void> {
    const id = await this.datasetId(dataset);
    // Expired a millisecond ago (a negative lease time), so that takeOver finds them.
    await this.query(UPDATE_LEASES(`SELECT task_hash FROM task_leases WHERE dataset_id = $1 AND queue = $2 AND session = $3
      AND expires <> 'infinity' LIMIT $4 FOR UPDATE SKIP LOCKED`, 'expires = EXCLUDED.expires'), [id, queue, holder, 1_000_000, -1]);
  }

  async lease(dataset: string, queue: string, hash: number): Promise<LeaseState | undefined> {
    const id = await this.datasetId(dataset);
    const { rows } = await this.query<LeaseState>(
      `SELECT session, task, expires = 'infinity' AS done, (expires <> 'infinity' AND expires >= now()) AS live
       FROM task_leases WHERE dataset_id = $1 AND queue = $2 AND task_hash = $3`, [id, queue, hash]);
    return rows[0];
  }

  async reopen(dataset: string, queue: string, session: string, t: LeasedTask, ttlMs: number): Promise<void> {
    const id = await this.datasetId(dataset);
    // A negative, decreasing seq puts the most recent undo before every other lease of the session.
    await this.query(
      `INSERT INTO task_leases (dataset_id, queue, task_hash, session, expires, task, seq)
       VALUES ($1, $2, $3, $4, ${TTL('$6')}, $5::json, -(extract(epoch FROM clock_timestamp()) * 1000000)::bigint)
       ON CONFLICT (dataset_id, queue, task_hash) DO UPDATE SET session = EXCLUDED.session, expires = EXCLUDED.expires,
         task = EXCLUDED.task, seq = EXCLUDED.seq`,
      [id, queue, t.hash, session, JSON.stringify(t.task), ttlMs]);
  }
}
