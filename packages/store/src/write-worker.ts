/**
 * The write worker: commits rows on its own SQLite connection so that the fsync of a commit
 * (~10 ms on a busy disk) blocks this thread, not the server's event loop. WAL lets the main
 * thread's connection keep reading meanwhile. Messages are handled one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createRowWriter, type Row } from './sqlite-writer.js';
import type { OnConflict } from './types.js';

const { location, synchronous } = workerData as { location: string; synchronous: 'FULL' | 'NORMAL' };
const db = new Database(location);
db.pragma('busy_timeout = 10000');
db.pragma(`synchronous = ${synchronous}`);
db.pragma('foreign_keys = ON');
const write = createRowWriter(db);

parentPort!.on('message', (m: { id: number; datasetId: number; rows: Row[]; onConflict: OnConflict } | 'close') => {
  if (m === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: m.id, statuses: write(m.datasetId, m.rows, m.onConflict) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
