/**
 * One annotate server per dataset of a database file. Two servers on one dataset each keep their
 * own feed and counters, so both hand out every task and the dataset gets every answer twice. The
 * second server therefore refuses to start, naming the first (its pid and URL). Servers of other
 * datasets in the same file are fine (SQLite serialises their writes). The lock is a file beside
 * the database, created exclusively; a lock left by a killed server (its pid is gone) is taken over.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NerError } from '@nerflow/corpus';
import { AnnotateErrors } from './errors.js';

export interface ServerLock {
  file: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** The lock file of `dataset` in database `db`: readable name, plus a hash so that no two datasets share one. */
export function lockFile(db: string, dataset: string): string {
  const slug = dataset.replace(/[^\w-]/gu, '_').slice(0, 60);
  return `${resolve(db)}.annotate-lock-${slug}-${createHash('sha256').update(dataset).digest('hex').slice(0, 8)}`;
}

/**
 * Takes the annotate lock of `dataset` in database `db` (nothing for ':memory:'). Throws
 * E_ANNOTATE_DB_BUSY while another live server holds it.
 */
export function lockDatabase(db: string, dataset: string, info: { url?: string } = {}): ServerLock {
  if (db === ':memory:') return { file: '', release() {} };
  const file = lockFile(db, dataset);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid, url: info.url ?? null, since: new Date().toISOString() }), { flag: 'wx' });
      let released = false;
      return { file, release() { if (!released) { released = true; rmSync(file, { force: true }); } } };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder: { pid?: number; url?: string | null; since?: string } = {};
      try { holder = JSON.parse(readFileSync(file, 'utf8')); } catch { /* half-written: treat as stale */ }
      if (holder.pid && alive(holder.pid)) {
        throw new NerError(AnnotateErrors.DB_BUSY, `Another nerflow annotate server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}) is serving dataset ${dataset} of ${db}`, {
          file: db, hint: 'Open that server in the browser (several annotators can share it with ?session=NAME), stop it first, or use another --db.',
        });
      }
      rmSync(file, { force: true }); // stale: its server was killed
    }
  }
  throw new NerError(AnnotateErrors.DB_BUSY, `Cannot take the annotate lock ${file}`, { file, hint: 'Remove the file if no annotate server is running.' });
}
