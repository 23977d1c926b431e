import type pg from 'pg';
import type { Row, RowStatus } from './sqlite-writer.js';
import type { OnConflict } from './types.js';

/**
 * Writes rows with one INSERT ... ON CONFLICT (one statement: atomic on its own), so that two
 * servers storing the same task at once cannot both add it. A task twice in one batch is resolved
 * here first (PostgreSQL refuses to update one row twice in a statement): the first occurrence
 * reports the row's status, later ones 'existing'; with `replace` the newest `_timestamp` wins
 * (the later on a tie), as in SQLite's row writer.
 */
export async function writeRows(
  query: <R extends pg.QueryResultRow>(sql: string, params: unknown[]) => Promise<pg.QueryResult<R>>,
  datasetId: number, rows: Row[], onConflict: OnConflict,
): Promise<RowStatus[]> {
  const key = (r: Row) => `${r.session}\u0000${r.task_hash}`;
  const slot = new Map<string, number>();
  const unique: Row[] = [];
  const firstOf: boolean[] = [];
  for (const r of rows) {
    const k = key(r);
    const j = slot.get(k);
    firstOf.push(j === undefined);
    if (j === undefined) { slot.set(k, unique.length); unique.push(r); } else if (onConflict === 'replace' && ts(unique[j]!) <= ts(r)) unique[j] = r;
  }
  const action = onConflict === 'replace'
    ? `UPDATE SET input_hash = EXCLUDED.input_hash, answer = EXCLUDED.answer, ts = EXCLUDED.ts, created = EXCLUDED.created,
       content = EXCLUDED.content WHERE examples.ts <= EXCLUDED.ts`
    : 'NOTHING';
  // xmax = 0 only on a freshly inserted row version: that tells "added" from "updated".
  const { rows: out } = await query<{ session: string; task_hash: number; inserted: boolean }>(
    `INSERT INTO examples (dataset_id, session, task_hash, input_hash, answer, ts, created, content)
     SELECT $1, u.session, u.task_hash, u.input_hash, u.answer, u.ts, $2, u.content::json
     FROM unnest($3::text[], $4::int8[], $5::int8[], $6::text[], $7::float8[], $8::text[])
       WITH ORDINALITY AS u(session, task_hash, input_hash, answer, ts, content, ord)
     ORDER BY u.ord
     ON CONFLICT (dataset_id, session, task_hash) DO ${action}
     RETURNING session, task_hash, (xmax = 0) AS inserted`,
    [datasetId, Date.now(), unique.map((r) => r.session), unique.map((r) => r.task_hash), unique.map((r) => r.input_hash),
      unique.map((r) => r.answer), unique.map(ts), unique.map((r) => r.content)],
  );
  const added = new Set(out.filter((r) => r.inserted).map((r) => `${r.session}\u0000${r.task_hash}`));
  return rows.map((r, i) => (firstOf[i] && added.has(key(r)) ? 'added' : 'existing'));
}

/** The answer's timestamp as a number (a file may carry anything there; such rows count as oldest). */
function ts(r: Row): number {
  const n = Number(r.ts);
  return Number.isFinite(n) ? n : 0;
}
