import type Database from 'better-sqlite3';
import type { OnConflict } from './types.js';

/** One example ready for the `examples` table (hashes computed, content serialised). */
export interface Row {
  session: string;
  task_hash: number;
  input_hash: number;
  answer: string | null;
  /** The answer's own `_timestamp` (seconds): with `replace`, the newest wins. */
  ts: number;
  content: string;
}

export type RowStatus = 'added' | 'existing';
export type RowWriter = (datasetId: number, rows: Row[], onConflict: OnConflict) => RowStatus[];

/**
 * Writes rows in one IMMEDIATE transaction (one commit, one fsync). Kept free of any other nerflow
 * import so that the write worker (write-worker.ts) runs exactly this code on its own connection.
 */
export function createRowWriter(db: Database.Database): RowWriter {
  const find = db.prepare<[number, string, number], { id: number; ts: number | null }>(
    `SELECT id, json_extract(content, '$._timestamp') AS ts FROM examples WHERE dataset_id = ? AND session = ? AND task_hash = ?`);
  const insert = db.prepare(`INSERT OR IGNORE INTO examples (dataset_id, session, task_hash, input_hash, answer, created, content)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const update = db.prepare('UPDATE examples SET input_hash = ?, answer = ?, created = ?, content = ? WHERE id = ?');
  const tx = db.transaction((datasetId: number, rows: Row[], onConflict: OnConflict): RowStatus[] => {
    const now = Date.now();
    return rows.map((r) => {
      if (onConflict === 'replace') {
        const found = find.get(datasetId, r.session, r.task_hash);
        if (found) {
          // Newest wins, by the answer's own timestamp, so merging sessions in any order agrees.
          if ((found.ts ?? 0) <= r.ts) update.run(r.input_hash, r.answer, now, r.content, found.id);
          return 'existing';
        }
      }
      return insert.run(datasetId, r.session, r.task_hash, r.input_hash, r.answer, now, r.content).changes > 0 ? 'added' : 'existing';
    });
  });
  return (datasetId, rows, onConflict) => tx.immediate(datasetId, rows, onConflict);
}
